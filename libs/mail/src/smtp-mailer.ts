import { Logger, OnModuleDestroy } from '@nestjs/common';
import type { MailSettings } from '@foyer/core';
import { createTransport, SMTPPoolSentMessageInfo, Transporter } from 'nodemailer';
import { MailMessage, Mailer } from './mailer';

export type SmtpSettings = Extract<MailSettings, { kind: 'smtp' }>;

/** Where mail goes, for messages: SMTP_URL may carry a password, which must not reach the logs. */
function describeServer(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

/**
 * Hosted mode: the SMTP server at SMTP_URL (`smtps://` for TLS from the start; `smtp://` upgrades
 * with STARTTLS when the server offers it). Connections are pooled, since the mail worker sends in
 * bursts, and closed when the application shuts down.
 */
export class SmtpMailer extends Mailer implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter<SMTPPoolSentMessageInfo>;
  private readonly server: string;

  constructor(private readonly settings: SmtpSettings) {
    super();
    this.server = describeServer(settings.url);
    this.transport = createTransport({ url: settings.url, pool: true });
  }

  async send(message: MailMessage): Promise<void> {
    try {
      const info = await this.transport.sendMail({
        from: this.settings.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      this.logger.debug(`Mail to ${message.to} accepted by ${this.server} (${info.messageId})`);
    } catch (error) {
      throw new Error(
        `Could not send the mail ${JSON.stringify(message.subject)} to ${message.to} through ${this.server}: ` +
          (error as Error).message,
        { cause: error },
      );
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
