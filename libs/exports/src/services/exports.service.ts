import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Readable } from 'node:stream';
import { FoyerError, HouseholdId } from '@foyer/core';
import {
  HouseholdAccess,
  HouseholdAccessService,
  HouseholdPermission,
  householdBucket,
  MigrationGrant,
  roleMay,
} from '@foyer/households';
import { JobName, JobQueue } from '@foyer/jobs';
import { ByteRange, ObjectStorage } from '@foyer/storage';
import { ExportsErrorCode } from '../exports-error-code';
import { EXPORT_ATTEMPTS } from '../jobs/export-household.job';
import { ExportRepository, ExportRow, ExportScopeKind } from '../repositories/export.repository';

/** A ready export's archive, with what the download headers need. */
export interface ReadyArchive {
  row: ExportRow & { size: number; sha256: string; objectKey: string; readyAt: Date };
  slug: string;
  open: (range?: ByteRange) => Promise<Readable>;
}

function notFound(): FoyerError {
  return new FoyerError(404, ExportsErrorCode.NotFound, 'No such export in this household');
}

/**
 * Asking for household archives and reading them back. Export never checks that the household
 * is writable: a read-only, suspended, unpaid or pending-deletion household exports like any
 * other. Owners and admins (`export.all`) see every export of the household; everyone else sees
 * only the ones they asked for (anything else is 404, like an export that does not exist).
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly access: HouseholdAccessService,
    private readonly exports: ExportRepository,
    private readonly jobs: JobQueue,
    private readonly storage: ObjectStorage,
  ) {}

  /**
   * Queues an export (or returns the requester's export of that scope still in flight, so a
   * double click does not write two archives).
   */
  async request(userId: string, hid: string, wanted?: ExportScopeKind): Promise<ExportRow> {
    const access = await this.access.resolve(userId, hid);
    const scope =
      wanted ?? (roleMay(access.role, HouseholdPermission.ExportAll) ? 'household' : 'member');
    this.access.assertMay(
      access,
      scope === 'household' ? HouseholdPermission.ExportAll : HouseholdPermission.ExportOwn,
    );
    return this.queue(this.access.householdId(access), userId, scope);
  }

  /**
   * The whole household's archive for the holder of a migration token (`foyer migrate` on the
   * target). Such exports have no requester: nobody here is mailed, and only token holders and
   * the household's owners and admins see them.
   */
  async requestForMigration(grant: MigrationGrant): Promise<ExportRow> {
    return this.queue(grant.householdId, null, 'household');
  }

  async list(userId: string, hid: string): Promise<ExportRow[]> {
    const access = await this.access.require(userId, hid, HouseholdPermission.View);
    const everyone = roleMay(access.role, HouseholdPermission.ExportAll);
    return this.exports.list(this.access.householdId(access), everyone ? undefined : userId);
  }

  async get(userId: string, hid: string, id: string): Promise<ExportRow> {
    return (await this.visible(userId, hid, id)).row;
  }

  /** A whole-household export, as a migration token for that household may read it. */
  async getForMigration(grant: MigrationGrant, id: string): Promise<ExportRow> {
    if (!isUUID(id)) throw notFound();
    const row = await this.exports.find(grant.householdId, id.toLowerCase());
    if (!row || row.scope !== 'household') throw notFound();
    return row;
  }

  /** A ready export's archive (a range of it), with what the download headers need. */
  async download(userId: string, hid: string, id: string): Promise<ReadyArchive> {
    const { access, row } = await this.visible(userId, hid, id);
    return this.archiveOf(row, access.household.slug);
  }

  async downloadForMigration(grant: MigrationGrant, id: string): Promise<ReadyArchive> {
    return this.archiveOf(await this.getForMigration(grant, id), grant.slug);
  }

  private archiveOf(row: ExportRow, slug: string): ReadyArchive {
    if (row.status === 'expired') {
      throw new FoyerError(
        410,
        ExportsErrorCode.Expired,
        'This archive expired and was deleted; ask for a new export',
      );
    }
    if (
      row.status !== 'ready' ||
      row.size === null ||
      row.sha256 === null ||
      row.objectKey === null ||
      row.readyAt === null
    ) {
      throw new FoyerError(409, ExportsErrorCode.NotReady, `This export is ${row.status}`);
    }
    const bucket = householdBucket(row.householdId);
    const key = row.objectKey;
    return {
      row: { ...row, size: row.size, sha256: row.sha256, objectKey: key, readyAt: row.readyAt },
      slug,
      open: (range) => this.storage.getObject(bucket, key, range),
    };
  }

  private async visible(
    userId: string,
    hid: string,
    id: string,
  ): Promise<{ access: HouseholdAccess; row: ExportRow }> {
    const access = await this.access.require(userId, hid, HouseholdPermission.View);
    if (!isUUID(id)) throw notFound();
    const row = await this.exports.find(this.access.householdId(access), id.toLowerCase());
    if (!row) throw notFound();
    if (!roleMay(access.role, HouseholdPermission.ExportAll) && row.requestedBy !== userId) {
      throw notFound();
    }
    return { access, row };
  }

  private async queue(
    householdId: HouseholdId,
    requestedBy: string | null,
    scope: ExportScopeKind,
  ): Promise<ExportRow> {
    const inFlight = await this.exports.findInFlight(householdId, requestedBy, scope);
    if (inFlight) {
      // Queued again in case its job was lost; the deduplication key makes this a no-op otherwise.
      await this.enqueue(householdId, inFlight.id);
      return inFlight;
    }
    const row = await this.exports.insert(householdId, requestedBy, scope);
    await this.enqueue(householdId, row.id);
    return row;
  }

  private async enqueue(householdId: HouseholdId, exportId: string): Promise<void> {
    await this.jobs.enqueue(
      JobName.ExportHousehold,
      { householdId, exportId },
      { attempts: EXPORT_ATTEMPTS, deduplicationKey: exportId },
    );
  }
}
