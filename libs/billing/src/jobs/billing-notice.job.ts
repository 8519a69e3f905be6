import { Injectable } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import { JobName, JobPayloads, OnJob } from '@foyer/jobs';
import { Mailer, MailMessage, SharedWords } from '@foyer/mail';
import { BillingEntitlementsService } from '../entitlements/billing-entitlements.service';
import {
  BillingContact,
  HouseholdBillingFactsRepository,
} from '../repositories/household-billing-facts.repository';

/**
 * Mails every owner, each in their language, about the subscription: a failed payment (with the date writes stop and the
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
    const words = new SharedWords(to.language);
    return {
      to: to.email,
      subject: words.t('mail.paymentFailed.subject', { household }),
      text: words.body(
        to.displayName,
        words.t('mail.paymentFailed.body', { household, date: words.dateTime(graceEndsAt) }),
        '',
        words.t('mail.paymentFailed.update', { link }),
      ),
    };
  }

  private trialWillEnd(to: BillingContact, household: string, link: string): MailMessage {
    const words = new SharedWords(to.language);
    return {
      to: to.email,
      subject: words.t('mail.trialEnds.subject', { household }),
      text: words.body(to.displayName, words.t('mail.trialEnds.body', { household, link })),
    };
  }
}
