import { Injectable } from '@nestjs/common';
import { Mailer } from '@foyer/mail';
import { UserRepository } from '../repositories/user.repository';
import { AccountMailComposer } from './account-mail-composer';

/** The job behind a signup with a taken address: its owner learns of it, the signup did not say. */
@Injectable()
export class SignupAttemptMail {
  constructor(
    private readonly users: UserRepository,
    private readonly composer: AccountMailComposer,
    private readonly mailer: Mailer,
  ) {}

  async send(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) return;
    await this.mailer.send(this.composer.signupAttempt(user));
  }
}
