import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, OnJob, RecurringJobScheduler } from '@foyer/jobs';
import { OrphanBlobCollector } from './orphan-blob-collector';

/** The collector runs once per slot of this length. */
export const ORPHAN_SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * `files.collect-orphans`, hourly: every household's unreferenced blobs older than an hour, and
 * its expired quota reservations (see OrphanBlobCollector). Scheduled by RecurringJobScheduler,
 * so replicas do not multiply runs and a lost run is queued again at the next boot.
 */
@Injectable()
export class OrphanBlobJobs implements OnApplicationBootstrap {
  constructor(
    private readonly collector: OrphanBlobCollector,
    private readonly recurring: RecurringJobScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.recurring.scheduleCurrent(JobName.CollectOrphanBlobs, ORPHAN_SWEEP_INTERVAL_MS);
  }

  @OnJob(JobName.CollectOrphanBlobs)
  async collect(): Promise<void> {
    try {
      await this.collector.collectAll();
    } finally {
      await this.recurring.scheduleNext(JobName.CollectOrphanBlobs, ORPHAN_SWEEP_INTERVAL_MS);
    }
  }
}
