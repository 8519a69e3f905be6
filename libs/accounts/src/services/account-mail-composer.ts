import { Injectable } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import { Language, SharedWords } from '@foyer/mail';
import type { MailMessage } from '@foyer/mail';

export interface MailRecipient {
  email: string;
  displayName: string;
  language: Language;
}

/** Where a moved household came from and who moved it, for the mail of its new members. */
export interface MovedInFacts {
  householdName: string;
  /** The display name of whoever ran the import; null when not known. */
  movedBy: string | null;
  /** The address of the Foyer it came from; null for an archive from elsewhere. */
  source: string | null;
}

/** One line: names are people's words, and must not break a subject header. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The words of the accounts mails, in the recipient's language (the web app's words): plain
 * text, with each link alone on its own line.
 */
@Injectable()
export class AccountMailComposer {
  constructor(private readonly config: FoyerConfig) {}

  verification(to: MailRecipient, token: string, validHours: number): MailMessage {
    const words = new SharedWords(to.language);
    return {
      to: to.email,
      subject: words.t('mail.verify.subject'),
      text: words.body(
        to.displayName,
        words.t('mail.verify.body'),
        '',
        this.link('verify-email', token),
        '',
        words.t('mail.verify.validity', { hours: validHours }),
      ),
    };
  }

  passwordReset(to: MailRecipient, token: string, validMinutes: number): MailMessage {
    const words = new SharedWords(to.language);
    return {
      to: to.email,
      subject: words.t('mail.reset.subject'),
      text: words.body(
        to.displayName,
        words.t('mail.reset.body'),
        '',
        this.link('reset-password', token),
        '',
        words.t('mail.reset.validity', { minutes: validMinutes }),
        words.t('mail.reset.ignore'),
      ),
    };
  }

  /** To the owner of an address someone tried to sign up with: Foyer's answer did not say. */
  signupAttempt(to: MailRecipient): MailMessage {
    const words = new SharedWords(to.language);
    return {
      to: to.email,
      subject: words.t('mail.signupAttempt.subject'),
      text: words.body(
        to.displayName,
        words.t('mail.signupAttempt.body'),
        '',
        `${this.config.publicUrl}/sign-in`,
        `${this.config.publicUrl}/forgot-password`,
        '',
        words.t('mail.signupAttempt.ignore'),
      ),
    };
  }

  /**
   * For a member whose account an import created: what happened, and the link to choose a first
   * password (the reset page, whose link also proves the mailbox).
   */
  movedIn(to: MailRecipient, facts: MovedInFacts, token: string, validDays: number): MailMessage {
    const words = new SharedWords(to.language);
    const household = oneLine(facts.householdName);
    const mover = facts.movedBy ? oneLine(facts.movedBy) : words.t('mail.movedIn.someone');
    const address = this.config.publicUrl;
    return {
      to: to.email,
      subject: words.t('mail.movedIn.subject', { household }),
      text: words.body(
        to.displayName,
        facts.source
          ? words.t('mail.movedIn.fromSource', { mover, household, source: facts.source, address })
          : words.t('mail.movedIn.fromArchive', { mover, household, address }),
        '',
        words.t('mail.movedIn.account', { email: to.email }),
        '',
        this.link('reset-password', token),
        '',
        words.t('mail.movedIn.validity', { days: validDays, forgot: words.t('signIn.forgot') }),
      ),
    };
  }

  /** Sent to the new address; `to.email` is that address, `previous` the one in use until then. */
  emailChange(to: MailRecipient, previous: string, token: string, validHours: number): MailMessage {
    const words = new SharedWords(to.language);
    return {
      to: to.email,
      subject: words.t('mail.emailChange.subject'),
      text: words.body(
        to.displayName,
        words.t('mail.emailChange.body', { old: previous }),
        '',
        this.link('confirm-email', token),
        '',
        words.t('mail.emailChange.validity', { hours: validHours, old: previous }),
      ),
    };
  }

  private link(page: string, token: string): string {
    return `${this.config.publicUrl}/${page}?token=${encodeURIComponent(token)}`;
  }
}
