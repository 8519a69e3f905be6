import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { simpleParser } from 'mailparser';
import { harness } from './harness-env';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Every http(s) link in the text part, in order. */
  links: string[];
}

async function read(file: string, to: string): Promise<ReceivedMail> {
  const parsed = await simpleParser(await fs.readFile(file));
  const text = parsed.text ?? '';
  return {
    to,
    subject: parsed.subject ?? '',
    text,
    html: typeof parsed.html === 'string' ? parsed.html : '',
    links: text.match(/https?:\/\/[^\s<>"]+/g) ?? [],
  };
}

/** Every message the harness's SMTP server received for this address, oldest first. */
export async function mailFor(address: string): Promise<ReceivedMail[]> {
  const folder = path.join(harness().mailDirectory, address.toLowerCase());
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const sorted = names
    .filter((name) => name.endsWith('.eml'))
    .sort((a, b) => {
      const [ta, , sa] = a.split('-');
      const [tb, , sb] = b.split('-');
      return Number(ta) - Number(tb) || Number(sa) - Number(sb);
    });
  return Promise.all(sorted.map((name) => read(path.join(folder, name), address)));
}

/** Waits until `count` messages (default 1) have arrived for the address, and returns the last. */
export async function waitForMail(
  address: string,
  options: { count?: number; timeoutMs?: number; subject?: RegExp } = {},
): Promise<ReceivedMail> {
  const count = options.count ?? 1;
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const messages = (await mailFor(address)).filter(
      (message) => !options.subject || options.subject.test(message.subject),
    );
    if (messages.length >= count) return messages[count - 1];
    if (Date.now() > deadline) {
      throw new Error(
        `No mail #${count} for ${address} within the time allowed (got ${messages.length})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
