import { Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { ConfigModule, FoyerConfig, loadConfig } from '@foyer/core';
import { Mailer, MailModule } from '@foyer/mail';
import { simpleParser } from 'mailparser';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { OutboxMailer } from '../../../libs/mail/src/outbox-mailer';
import { SmtpMailer } from '../../../libs/mail/src/smtp-mailer';
import { harness } from '../../harness/harness-env';
import { waitForMail } from '../../harness/mailbox';

async function mailModule(config: FoyerConfig): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(config), MailModule],
  }).compile();
  return moduleRef.init();
}

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

function uniqueAddress(name: string): string {
  return `${name}-${randomBytes(5).toString('hex')}@example.test`;
}

describe('OutboxMailer (embedded default)', () => {
  let dataDir: string;
  let moduleRef: TestingModule;
  let mailer: Mailer;
  let outbox: string;
  let logged: jest.SpyInstance;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'foyer-mail-'));
    const config = loadConfig({
      FOYER_DATA_DIR: dataDir,
      FOYER_MAIL_FROM: 'Foyer <no-reply@foyer.test>',
    });
    outbox = path.join(dataDir, 'outbox');
    moduleRef = await mailModule(config);
    mailer = moduleRef.get(Mailer);
    logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    logged.mockRestore();
    await moduleRef.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function emlFiles(): Promise<string[]> {
    return (await readdir(outbox)).filter((name) => name.endsWith('.eml'));
  }

  it('is the driver when SMTP_URL is not set', () => {
    expect(mailer).toBeInstanceOf(OutboxMailer);
  });

  it('writes the message as a parseable .eml file in FOYER_DATA_DIR/outbox', async () => {
    await mailer.send({
      to: 'alice@example.test',
      subject: 'Vérifiez votre adresse',
      text: 'Bonjour Alice,\n\nOpen https://foyer.test/verify?token=abc123 to verify.\n',
      html: '<p>Open <a href="https://foyer.test/verify?token=abc123">this link</a>.</p>',
    });

    const names = await readdir(outbox);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{12}\.eml$/);
    const parsed = await simpleParser(await readFile(path.join(outbox, names[0])));
    expect(parsed.subject).toBe('Vérifiez votre adresse');
    expect(parsed.text).toContain('Open https://foyer.test/verify?token=abc123 to verify.');
    expect(parsed.html).toContain('href="https://foyer.test/verify?token=abc123"');
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    expect(to?.value[0].address).toBe('alice@example.test');
    expect(parsed.from?.value[0]).toMatchObject({ name: 'Foyer', address: 'no-reply@foyer.test' });
    expect(parsed.messageId).toBeTruthy();
  });

  it('logs one line with the recipient, the subject and every link of the text', async () => {
    await mailer.send({
      to: 'bob@example.test',
      subject: 'Join the Martin household',
      text: 'Accept: https://foyer.test/invites/accept?token=t1.\nOr see (https://foyer.test/help).\nhttp://localhost:8080/x',
    });

    expect(logged).toHaveBeenCalledTimes(1);
    const line = String(logged.mock.calls[0][0]);
    expect(line).not.toContain('\n');
    expect(line).toContain('bob@example.test');
    expect(line).toContain('"Join the Martin household"');
    expect(line).toContain(
      'links: https://foyer.test/invites/accept?token=t1 https://foyer.test/help http://localhost:8080/x',
    );
    expect(line).toContain(path.join(outbox, (await emlFiles())[0]));
  });

  it('says so when a message has no link', async () => {
    await mailer.send({ to: 'carol@example.test', subject: 'Hello', text: 'Nothing to click.' });

    expect(String(logged.mock.calls[0][0])).toContain('no links');
  });

  it('keeps every message in its own file, leaving no temporary file behind', async () => {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        mailer.send({ to: `d${i}@example.test`, subject: `#${i}`, text: 'x' }),
      ),
    );

    expect(await emlFiles()).toHaveLength(5);
    expect(await readdir(outbox)).toHaveLength(5);
  });

  it('fails with a clear message when the outbox cannot be written', async () => {
    await rm(dataDir, { recursive: true, force: true });
    await writeFile(dataDir, 'a file where the data folder should be');

    await expect(
      mailer.send({ to: 'erin@example.test', subject: 'Hi', text: 'x' }),
    ).rejects.toThrow(`Could not write a mail to the outbox folder ${outbox}`);
  });
});

describe('SmtpMailer (hosted)', () => {
  function smtpConfig(port: number): FoyerConfig {
    return loadConfig({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      FOYER_MAIL_FROM: 'Foyer <no-reply@foyer.test>',
    });
  }

  it('delivers through the SMTP server at SMTP_URL, and closes its connections on shutdown', async () => {
    const moduleRef = await mailModule(smtpConfig(harness().smtpPort));
    const mailer = moduleRef.get(Mailer);
    expect(mailer).toBeInstanceOf(SmtpMailer);
    const closed = jest.spyOn(mailer as SmtpMailer, 'onModuleDestroy');
    const to = uniqueAddress('frank');

    await mailer.send({
      to,
      subject: 'Verify your email',
      text: 'Welcome!\nOpen https://foyer.test/verify?token=xyz to verify your address.',
      html: '<p>Welcome!</p>',
    });
    await moduleRef.close();

    const received = await waitForMail(to);
    expect(received.subject).toBe('Verify your email');
    expect(received.text).toContain('Welcome!');
    expect(received.html).toContain('<p>Welcome!</p>');
    expect(received.links).toEqual(['https://foyer.test/verify?token=xyz']);
    expect(closed).toHaveBeenCalledTimes(1);
  });

  it('sends several messages over its pooled connections', async () => {
    const moduleRef = await mailModule(smtpConfig(harness().smtpPort));
    const mailer = moduleRef.get(Mailer);
    const to = uniqueAddress('grace');
    try {
      await Promise.all(
        [1, 2, 3].map((n) => mailer.send({ to, subject: `Message ${n}`, text: `Number ${n}` })),
      );
    } finally {
      await moduleRef.close();
    }

    for (const n of [1, 2, 3]) {
      expect((await waitForMail(to, { subject: new RegExp(`^Message ${n}$`) })).text).toContain(
        `Number ${n}`,
      );
    }
  });

  it('fails with a clear message, without the credentials, when the server cannot be reached', async () => {
    const port = await closedPort();
    const config = loadConfig({ SMTP_URL: `smtp://user:s3cret@127.0.0.1:${port}` });
    const moduleRef = await mailModule(config);
    try {
      const failure = moduleRef
        .get(Mailer)
        .send({ to: 'henry@example.test', subject: 'Hi', text: 'x' });

      await expect(failure).rejects.toThrow(
        `Could not send the mail "Hi" to henry@example.test through smtp://127.0.0.1:${port}: `,
      );
      await expect(failure).rejects.not.toThrow('s3cret');
    } finally {
      await moduleRef.close();
    }
  });
});
