import { Injectable } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import type { MailMessage } from '@foyer/mail';
import { purgeNotice } from './purge-notice';

export interface DeletionNotice {
  to: { email: string; displayName: string };
  household: { name: string; slug: string };
  requestedBy: string;
  purgeAfter: Date;
}

/** The words of the deletion mail: plain text, the link alone on its line. */
@Injectable()
export class DeletionMailComposer {
  constructor(private readonly config: FoyerConfig) {}

  deletionRequested(notice: DeletionNotice): MailMessage {
    const link = `${this.config.publicUrl}/h/${encodeURIComponent(notice.household.slug)}`;
    return {
      to: notice.to.email,
      subject: `The household "${notice.household.name}" will be deleted`,
      text: [
        `Hello ${notice.to.displayName},`,
        '',
        `${notice.requestedBy} asked to delete the household "${notice.household.name}". From now on it can be read and exported, not changed.`,
        '',
        purgeNotice(notice.purgeAfter),
        '',
        'Until then, any owner can cancel the deletion, and anyone can still download an export:',
        '',
        link,
        '',
        'You receive this message because you are an owner of this household.',
        '',
        '— Foyer',
        '',
      ].join('\n'),
    };
  }
}
