import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads, OnJob } from '@foyer/jobs';
import { EmailChangeService } from '../services/email-change.service';
import { EmailVerificationService } from '../services/email-verification.service';
import { MovedInMailService } from '../services/moved-in-mail.service';
import { PasswordResetService } from '../services/password-reset.service';
import { SignupAttemptMail } from '../services/signup-attempt-mail';

/** The mails of the accounts library. Payloads carry the user id; each run issues a fresh token. */
@Injectable()
export class AccountMailJobs {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly passwordReset: PasswordResetService,
    private readonly signupAttempts: SignupAttemptMail,
    private readonly movedIn: MovedInMailService,
    private readonly emailChange: EmailChangeService,
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

  @OnJob(JobName.SendMovedInEmail)
  async sendMovedInEmail(payload: JobPayloads[JobName.SendMovedInEmail]): Promise<void> {
    await this.movedIn.send(payload);
  }

  @OnJob(JobName.SendEmailChangeEmail)
  async sendEmailChangeEmail(payload: JobPayloads[JobName.SendEmailChangeEmail]): Promise<void> {
    await this.emailChange.sendConfirmationMail(payload.userId);
  }
}
