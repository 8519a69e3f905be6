import { Injectable } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import { Language, SharedWords } from '@foyer/mail';
import type { MailMessage } from '@foyer/mail';

export interface DeletionNotice {
  to: { email: string; displayName: string; language: Language };
  household: { name: string; slug: string };
  /** The requester's display name; null when not known. */
  requestedBy: string | null;
  purgeAfter: Date;
}

/** The words of the deletion mail, in the owner's language: plain text, the link alone on its line. */
@Injectable()
export class DeletionMailComposer {
  constructor(private readonly config: FoyerConfig) {}

  deletionRequested(notice: DeletionNotice): MailMessage {
    const words = new SharedWords(notice.to.language);
    const link = `${this.config.publicUrl}/h/${encodeURIComponent(notice.household.slug)}`;
    const household = notice.household.name;
    return {
      to: notice.to.email,
      subject: words.t('mail.deletion.subject', { household }),
      text: words.body(
        notice.to.displayName,
        words.t('mail.deletion.requested', {
          requester: notice.requestedBy ?? words.t('mail.deletion.anOwner'),
          household,
        }),
        '',
        words.t('mail.deletion.purge', { date: words.dateTime(notice.purgeAfter) }),
        '',
        words.t('mail.deletion.cancel'),
        '',
        link,
        '',
        words.t('mail.deletion.why'),
      ),
    };
  }
}
