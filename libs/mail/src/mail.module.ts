import { Global, Module } from '@nestjs/common';
import { FoyerConfig } from '@foyer/core';
import { Mailer } from './mailer';
import { OutboxMailer } from './outbox-mailer';
import { SmtpMailer } from './smtp-mailer';

/** The driver is picked once, at boot, from the validated configuration. */
function createMailer(config: FoyerConfig): Mailer {
  const settings = config.mail;
  switch (settings.kind) {
    case 'outbox':
      return new OutboxMailer(settings);
    case 'smtp':
      return new SmtpMailer(settings);
  }
}

/** Provides `Mailer`: an outbox folder plus the console in the embedded default, SMTP when configured. */
@Global()
@Module({
  providers: [{ provide: Mailer, useFactory: createMailer, inject: [FoyerConfig] }],
  exports: [Mailer],
})
export class MailModule {}
