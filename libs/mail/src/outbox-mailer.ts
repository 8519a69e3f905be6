import { Logger } from '@nestjs/common';
import type { MailSettings } from '@foyer/core';
import { createTransport, StreamSentMessageInfo, Transporter } from 'nodemailer';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { MailMessage, Mailer } from './mailer';

export type OutboxSettings = Extract<MailSettings, { kind: 'outbox' }>;

const LINK = /https?:\/\/[^\s<>"]+/g;
/** Sentence punctuation right after a link ("open https://x/verify?t=abc.") is not part of it. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]'}]+$/;

function linksIn(text: string): string[] {
  return (text.match(LINK) ?? []).map((link) => link.replace(TRAILING_PUNCTUATION, ''));
}

/** ISO 8601 in its basic form (20250102T030405.678Z): sorts by time and is valid on any file system. */
function compactTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '');
}

/**
 * The embedded default, for self-hosters without a mail server: each message is rendered exactly
 * as SMTP would carry it and kept as an `.eml` file (any mail client opens it), and its links are
 * logged so that a verification or invitation link can be copied from the console.
 */
export class OutboxMailer extends Mailer {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter<StreamSentMessageInfo>;

  constructor(private readonly settings: OutboxSettings) {
    super();
    // CRLF line ends, as RFC 5322 and the .eml format expect.
    this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  }

  async send(message: MailMessage): Promise<void> {
    const { message: rendered } = await this.transport.sendMail({
      from: this.settings.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
    const name = `${compactTimestamp(new Date())}-${randomBytes(6).toString('hex')}.eml`;
    const file = path.join(this.settings.directory, name);
    await this.writeAtomically(file, rendered as Buffer);

    const links = linksIn(message.text);
    this.logger.log(
      `Mail to ${message.to}, subject ${JSON.stringify(message.subject)}, ` +
        `${links.length > 0 ? `links: ${links.join(' ')}` : 'no links'} (saved as ${file})`,
    );
  }

  /** Written beside its final name, then renamed: a reader of the outbox never sees half a message. */
  private async writeAtomically(file: string, content: Buffer): Promise<void> {
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
    try {
      await mkdir(this.settings.directory, { recursive: true });
      await writeFile(temporary, content, { flag: 'wx' });
      await rename(temporary, file);
    } catch (error) {
      // Best effort: the failure to report is the write's, not the clean-up's.
      await rm(temporary, { force: true }).catch(() => undefined);
      throw new Error(
        `Could not write a mail to the outbox folder ${this.settings.directory}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}
