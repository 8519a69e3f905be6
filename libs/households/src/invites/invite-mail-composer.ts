import { Injectable } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import { Language, SharedWords } from '@foyer/mail';
import type { MailMessage } from '@foyer/mail';
import { HouseholdRole } from '../access/household-role';

export interface InviteMail {
  to: string;
  householdName: string;
  /** The inviter's display name; null when their account is gone. */
  inviterName: string | null;
  role: HouseholdRole;
  expiresAt: Date;
  language: Language;
}

const ROLE_WORDS = {
  [HouseholdRole.Owner]: 'mail.invite.role.owner',
  [HouseholdRole.Admin]: 'mail.invite.role.admin',
  [HouseholdRole.Member]: 'mail.invite.role.member',
  [HouseholdRole.Child]: 'mail.invite.role.child',
} as const satisfies Record<HouseholdRole, string>;

/** One line: a household name is the inviter's words, and must not break the subject header. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The words of the invite mail, in the invitee's language: plain text, the link alone on its line. */
@Injectable()
export class InviteMailComposer {
  constructor(private readonly config: FoyerConfig) {}

  invite(mail: InviteMail, token: string): MailMessage {
    const words = new SharedWords(mail.language);
    const link = `${this.config.publicUrl}/invite?token=${encodeURIComponent(token)}`;
    const household = oneLine(mail.householdName);
    const inviter = mail.inviterName ? oneLine(mail.inviterName) : words.t('mail.invite.someone');
    return {
      to: mail.to,
      subject: words.t('mail.invite.subject', { inviter, household }),
      text: words.body(
        null,
        words.t('mail.invite.body', { inviter, household, role: words.t(ROLE_WORDS[mail.role]) }),
        words.t('mail.invite.accept'),
        '',
        link,
        '',
        words.t('mail.invite.validity', {
          date: words.dateTime(mail.expiresAt),
          email: mail.to,
        }),
        words.t('mail.invite.ignore'),
      ),
    };
  }
}
