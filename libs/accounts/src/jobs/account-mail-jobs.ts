import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads, OnJob } from '@foyer/jobs';
import { EmailVerificationService } from '../services/email-verification.service';
import { PasswordResetService } from '../services/password-reset.service';
import { SignupAttemptMail } from '../services/signup-attempt-mail';

/** The mails of the accounts library. Payloads carry the user id; each run issues a fresh token. */
@Injectable()
export class AccountMailJobs {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly passwordReset: PasswordResetService,
    private readonly signupAttempts: SignupAttemptMail,
  ) {}

  @OnJob(JobName.SendVerificationEmail)
  async sendVerificationEmail(payload: JobPayloads[JobName.SendVerificationEmail]): Promise<void> {
    await this.verification.sendVerificationMail(payload.userId);
  }

  @OnJob(JobName.SendPasswordResetEmail)
  async sendPasswordResetEmail(
    payload: JobPayloads[JobName.SendPasswordResetEmail],
  ): Promise<void> {
    await this.passwordReset.sendResetMail(payload.userId);
  }

  @OnJob(JobName.SendSignupAttemptEmail)
  async sendSignupAttemptEmail(
    payload: JobPayloads[JobName.SendSignupAttemptEmail],
  ): Promise<void> {
    await this.signupAttempts.send(payload.userId);
  }
}
