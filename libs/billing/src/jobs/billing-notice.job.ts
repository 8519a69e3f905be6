import { Injectable } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import { JobName, JobPayloads, OnJob } from '@foyer/jobs';
import { Mailer, MailMessage } from '@foyer/mail';
import { BillingEntitlementsService } from '../entitlements/billing-entitlements.service';
import {
  BillingContact,
  HouseholdBillingFactsRepository,
} from '../repositories/household-billing-facts.repository';

/**
 * Mails every owner about the subscription: a failed payment (with the date writes stop and the
 * reassurance that export keeps working), or a trial about to end. A retry may mail twice, never
 * none; a notice whose reason has passed (paid meanwhile) is not sent.
 */
@Injectable()
export class BillingNoticeJob {
  constructor(
    private readonly config: FoyerConfig,
    private readonly facts: HouseholdBillingFactsRepository,
    private readonly entitlements: BillingEntitlementsService,
    private readonly mailer: Mailer,
  ) {}

  @OnJob(JobName.SendBillingNotice)
  async send(payload: JobPayloads[JobName.SendBillingNotice]): Promise<void> {
    const name = await this.facts.householdName(payload.householdId);
    if (name === null) return;
    const { account } = await this.entitlements.of(payload.householdId);
    if (payload.notice === 'payment_failed' && !account?.graceEndsAt) return;
    const link = `${this.config.publicUrl}/households`;
    for (const owner of await this.facts.owners(payload.householdId)) {
      await this.mailer.send(
        payload.notice === 'payment_failed'
          ? this.paymentFailed(owner, name, account?.graceEndsAt ?? new Date(), link)
          : this.trialWillEnd(owner, name, link),
      );
    }
  }

  private paymentFailed(
    to: BillingContact,
    household: string,
    graceEndsAt: Date,
    link: string,
  ): MailMessage {
    const until = graceEndsAt.toUTCString();
    return {
      to: to.email,
      subject: `Payment failed for ${household}`,
      text:
        `Hello ${to.displayName},\n\n` +
        `The last payment for the Foyer household "${household}" failed. Everything keeps ` +
        `working until ${until}; after that the household becomes read-only until the invoice ` +
        `is paid. Nothing is deleted, and you can export all your data at any time.\n\n` +
        `Update the payment method from the household's settings: ${link}\n`,
    };
  }

  private trialWillEnd(to: BillingContact, household: string, link: string): MailMessage {
    return {
      to: to.email,
      subject: `The trial of ${household} ends soon`,
      text:
        `Hello ${to.displayName},\n\n` +
        `The trial of the Foyer household "${household}" ends in a few days; the subscription ` +
        `then continues with the payment method on file. Manage it here: ${link}\n`,
    };
  }
}
