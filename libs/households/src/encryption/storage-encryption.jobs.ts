import { Injectable } from '@nestjs/common';
import { JobName, JobQueue, OnJob } from '@foyer/jobs';
import { StoredObjectEncryptor } from './stored-object-encryptor';

/** The encryption of objects stored before encryption, as a job an operator starts. */
@Injectable()
export class StorageEncryptionJobs {
  constructor(
    private readonly encryptor: StoredObjectEncryptor,
    private readonly jobs: JobQueue,
  ) {}

  /** Queues the run, once: a second request while one is queued or running adds nothing. */
  async start(): Promise<void> {
    await this.jobs.enqueue(
      JobName.EncryptStoredObjects,
      {},
      { deduplicationKey: 'storage-encryption' },
    );
  }

  @OnJob(JobName.EncryptStoredObjects)
  async run(): Promise<void> {
    await this.encryptor.run();
  }
}
