import { Injectable } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import type { MailMessage } from '@foyer/mail';

export interface MailRecipient {
  email: string;
  displayName: string;
}

/** The words of the accounts mails: plain text, with each link alone on its own line. */
@Injectable()
export class AccountMailComposer {
  constructor(private readonly config: FoyerConfig) {}

  verification(to: MailRecipient, token: string, validHours: number): MailMessage {
    const link = `${this.config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
    return {
      to: to.email,
      subject: 'Confirm your email address for Foyer',
      text: [
        `Hello ${to.displayName},`,
        '',
        'Please confirm that this is your email address by opening this link:',
        '',
        link,
        '',
        `The link works once, for ${validHours} hours. If you did not create a Foyer account, you can ignore this message.`,
        '',
        '— Foyer',
        '',
      ].join('\n'),
    };
  }

  passwordReset(to: MailRecipient, token: string, validMinutes: number): MailMessage {
    const link = `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    return {
      to: to.email,
      subject: 'Reset your Foyer password',
      text: [
        `Hello ${to.displayName},`,
        '',
        'Someone asked to reset the password of your Foyer account. To choose a new password, open this link:',
        '',
        link,
        '',
        `The link works once, for ${validMinutes} minutes. Setting a new password signs you out everywhere.`,
        'If you did not ask for this, ignore this message: your password stays as it is.',
        '',
        '— Foyer',
        '',
      ].join('\n'),
    };
  }

  /** To the owner of an address someone tried to sign up with: Foyer's answer did not say. */
  signupAttempt(to: MailRecipient): MailMessage {
    return {
      to: to.email,
      subject: 'Someone tried to create a Foyer account with your address',
      text: [
        `Hello ${to.displayName},`,
        '',
        'Someone tried to create a Foyer account with your email address, which already has one.',
        'If it was you, sign in, or reset your password if you have forgotten it:',
        '',
        `${this.config.publicUrl}/sign-in`,
        `${this.config.publicUrl}/forgot-password`,
        '',
        'If it was not you, there is nothing to do: no account was created.',
        '',
        '— Foyer',
        '',
      ].join('\n'),
    };
  }
}
