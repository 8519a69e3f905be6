import { Injectable, Logger } from '@nestjs/common';
import { FoyerError, toHouseholdId } from '@foyer/core';
import { householdBucket } from '@foyer/households';
import { ObjectStorage, StorageErrorCode } from '@foyer/storage';
import { BlobHoldRepository } from '../repositories/blob-hold.repository';
import { FileNodeRepository } from '../repositories/file-node.repository';
import { HouseholdFilesSettingsRepository } from '../repositories/household-files-settings.repository';
import { StorageReservationRepository } from '../repositories/storage-reservation.repository';
import { BLOB_PREFIX } from '../services/blob-key';

/** A blob no row points at is only removed once it is this old (an upload may still be committing). */
export const ORPHAN_MIN_AGE_MS = 60 * 60 * 1000;

/**
 * Removes blobs that no file row refers to — left by a process killed between storing a blob and
 * committing its row, or by a removal that failed after its row change committed — once they are
 * older than an hour; discards uploads a killed process left half-written (temporary files,
 * incomplete multipart uploads) started more than an hour ago; and drops expired quota
 * reservations. Idempotent: a second run finds nothing more to do.
 */
@Injectable()
export class OrphanBlobCollector {
  private readonly logger = new Logger(OrphanBlobCollector.name);

  constructor(
    private readonly storage: ObjectStorage,
    private readonly nodes: FileNodeRepository,
    private readonly reservations: StorageReservationRepository,
    private readonly households: HouseholdFilesSettingsRepository,
    private readonly holds: BlobHoldRepository,
  ) {}

  /** Every household that holds files; returns how many blobs were removed. */
  async collectAll(olderThan = new Date(Date.now() - ORPHAN_MIN_AGE_MS)): Promise<number> {
    let removed = 0;
    for (const householdId of await this.households.householdsWithFiles()) {
      try {
        removed += await this.collect(householdId, olderThan);
      } catch (error) {
        this.logger.warn({ err: error, householdId }, 'Could not collect orphan blobs');
      }
    }
    return removed;
  }

  /** One household: removes its unreferenced blobs last modified before `olderThan`. */
  async collect(
    rawHouseholdId: string,
    olderThan = new Date(Date.now() - ORPHAN_MIN_AGE_MS),
  ): Promise<number> {
    const householdId = toHouseholdId(rawHouseholdId);
    const bucket = householdBucket(householdId);
    await this.reservations.deleteExpired(householdId);
    const candidates: string[] = [];
    let removed = 0;
    try {
      removed += await this.storage.removeAbandonedUploads(bucket, olderThan);
      for await (const key of this.storage.listKeys(bucket, BLOB_PREFIX)) candidates.push(key);
    } catch (error) {
      if ((error as FoyerError).code === StorageErrorCode.BucketNotFound) return 0;
      throw error;
    }
    // Read after listing: a blob committed meanwhile is then known, and a newer one is too young.
    const referenced = await this.nodes.allBlobIds(householdId);
    // After reading the references: an export whose snapshot still names a blob that has lost
    // its row since took its hold before that snapshot, so the hold is visible here. Blobs
    // outside `files/` (export archives under `exports/`) are never candidates.
    if (await this.holds.isHeld(householdId)) return 0;
    for (const key of candidates) {
      if (referenced.has(key.slice(BLOB_PREFIX.length))) continue;
      const info = await this.storage.statObject(bucket, key);
      if (!info || info.lastModified >= olderThan) continue;
      await this.storage.removeObject(bucket, key);
      removed++;
    }
    if (removed > 0)
      this.logger.log({ householdId, removed }, 'Removed orphan and abandoned uploads');
    return removed;
  }
}
