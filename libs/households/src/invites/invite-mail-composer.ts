import { Injectable } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import type { MailMessage } from '@foyer/mail';
import { HouseholdRole } from '../access/household-role';

export interface InviteMail {
  to: string;
  householdName: string;
  /** The inviter's display name; null when their account is gone. */
  inviterName: string | null;
  role: HouseholdRole;
  expiresAt: Date;
}

const ROLE_WORDS: Readonly<Record<HouseholdRole, string>> = {
  [HouseholdRole.Owner]: 'an owner',
  [HouseholdRole.Admin]: 'an admin',
  [HouseholdRole.Member]: 'a member',
  [HouseholdRole.Child]: 'a child member',
};

/** One line: a household name is the inviter's words, and must not break the subject header. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The words of the invite mail: plain text, the link alone on its line. */
@Injectable()
export class InviteMailComposer {
  constructor(private readonly config: FoyerConfig) {}

  invite(mail: InviteMail, token: string): MailMessage {
    const link = `${this.config.publicUrl}/invite?token=${encodeURIComponent(token)}`;
    const household = oneLine(mail.householdName);
    const inviter = mail.inviterName ? oneLine(mail.inviterName) : 'Someone';
    return {
      to: mail.to,
      subject: `${inviter} invited you to the household "${household}" on Foyer`,
      text: [
        'Hello,',
        '',
        `${inviter} invited you to join the household "${household}" on Foyer, as ${ROLE_WORDS[mail.role]}.`,
        'To accept, open this link:',
        '',
        link,
        '',
        `The link works once, until ${mail.expiresAt.toUTCString()}. Without a Foyer account yet, it lets you create one with this email address (${mail.to}).`,
        'If you did not expect this invitation, you can ignore this message.',
        '',
        '— Foyer',
        '',
      ].join('\n'),
    };
  }
}
