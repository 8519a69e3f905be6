import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads, OnJob } from '@foyer/jobs';
import { InviteMailService } from './invite-mail.service';

/** The invite mail: the payload carries the invite's id, and each run issues a fresh token. */
@Injectable()
export class InviteMailJob {
  constructor(private readonly mails: InviteMailService) {}

  @OnJob(JobName.SendInviteEmail)
  async sendInviteEmail(payload: JobPayloads[JobName.SendInviteEmail]): Promise<void> {
    await this.mails.send(payload.inviteId);
  }
}
