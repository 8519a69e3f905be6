import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ImportedAccounts, InstanceAdministrators } from '@foyer/accounts';
import { toHouseholdId } from '@foyer/core';
import { DEFAULT_LANGUAGE, Language } from '@foyer/mail';
import { ArchiveVerifier, VerificationReport } from '@foyer/exports';
import { StorageEntitlements } from '@foyer/files';
import { HouseholdImportTarget, HouseholdRole, ImportedMembership } from '@foyer/households';
import {
  ArchiveFieldCheck,
  ExportManifest,
  PortabilityRegistry,
  SectionRestoreReport,
} from '@foyer/portability';
import { ImportArchiveStore } from '../archive/import-archive-store';
import { ZipArchiveReader } from '../archive/zip-archive-reader';
import { ImportsErrorCode } from '../imports-error-code';
import { ImportSourceKind, ImportStatus } from '../import-status';
import { ImportMemberMapping, ImportRecord } from '../repositories/import-record';
import { ImportRepository } from '../repositories/import.repository';
import { ArchiveMember, readArchiveMembers } from './archive-members';
import { PermanentImportFailure } from './import-failure.error';
import { ImportFailure, ImportProgress, ImportReport, SkippedItem } from './import-report';

/** Headroom left on the disk beyond the archive's files (database growth, temporary files). */
const DISK_MARGIN_BYTES = 256 * 1024 * 1024;
/** How often progress is written to the record while bytes stream. */
const PROGRESS_WRITE_MS = 1000;

export interface ImportRunOptions {
  /** The archive as a local file. */
  readonly archivePath: string;
  /**
   * True when no further attempt will follow: a failure then removes the new household and the
   * accounts it created. False: they stay, invisible, for the next attempt to resume.
   */
  readonly finalAttempt: boolean;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/**
 * Restores a household archive into a new household, in three phases:
 *
 * 1. validating — the whole archive is verified (ArchiveVerifier: format, version, schema, every
 *    checksum, paths, zip-bomb limits), members.json read, the files checked against the new
 *    household's quota and the free disk. Nothing is written before all of it passes.
 * 2. importing — a new household is created with no member, so nobody sees it; members are
 *    matched by email or get new accounts; every registered section restores its part.
 * 3. verifying — the members are given their memberships, which reveals the household, and
 *    those with new accounts are mailed a link to set their password.
 *
 * A failed attempt leaves the hidden household for the next one, which resumes: the household
 * id, the member mapping and each section's restore are idempotent. The last attempt's failure
 * removes the household and the accounts it created. See docs/decisions/0013-import.md.
 */
@Injectable()
export class HouseholdImporter {
  private readonly logger = new Logger(HouseholdImporter.name);

  constructor(
    private readonly records: ImportRepository,
    private readonly verifier: ArchiveVerifier,
    private readonly registry: PortabilityRegistry,
    private readonly target: HouseholdImportTarget,
    private readonly accounts: ImportedAccounts,
    private readonly administrators: InstanceAdministrators,
    private readonly entitlements: StorageEntitlements,
    private readonly store: ImportArchiveStore,
  ) {}

  /**
   * Runs one attempt. Resolves with the record once the import is finished (done, or failed for
   * good); rejects when this attempt failed and another may follow (`finalAttempt` false).
   */
  async run(importId: string, options: ImportRunOptions): Promise<ImportRecord> {
    const started = Date.now();
    const record = await this.records.startAttempt(importId);
    if (!record) return this.mustFind(importId);
    const progress = new ProgressTracker(importId, this.records, options.onProgress);
    try {
      const { manifest, members } = await this.validate(record, options.archivePath, progress);
      const report = await this.restore(record, manifest, members, options.archivePath, progress);
      const finished = { ...report, durationMs: Date.now() - started };
      await this.records.finish(importId, { report: finished }, progress.final('done'));
      return this.mustFind(importId);
    } catch (error) {
      const permanent = error instanceof PermanentImportFailure;
      if (!permanent && !options.finalAttempt) {
        this.logger.warn({ err: error, importId }, 'Import attempt failed; it will be resumed');
        throw error;
      }
      const failure: ImportFailure = permanent
        ? error.failure
        : {
            code: ImportsErrorCode.RestoreFailed,
            message: `The import failed and nothing of it was kept: ${messageOf(error)}`,
          };
      this.logger.error({ err: error, importId }, 'Import failed');
      await this.discard(importId);
      await this.records.finish(importId, { error: failure }, progress.final('failed'));
      return this.mustFind(importId);
    }
  }

  /**
   * Ends an import that failed outside `run` (its archive could not even be fetched) on its last
   * attempt: what it created is removed, and it is `failed`.
   */
  async abandon(importId: string, error: unknown): Promise<void> {
    await this.discard(importId);
    await this.records.finish(
      importId,
      {
        error: {
          code: ImportsErrorCode.RestoreFailed,
          message: `The import failed and nothing of it was kept: ${messageOf(error)}`,
        },
      },
      { phase: 'failed', sectionsDone: 0, sectionTotal: 0, bytesDone: 0, byteTotal: 0 },
    );
  }

  /** Removes what a failed import created: the hidden household, then the unused accounts. */
  async discard(importId: string): Promise<void> {
    const record = await this.mustFind(importId);
    if (record.householdId) await this.target.discard(toHouseholdId(record.householdId));
    for (const member of record.members) {
      if (!member.created) continue;
      // A pending entry: the process died while its account was being made.
      const userId = member.userId || (await this.accounts.findByEmail(member.email));
      if (userId) await this.accounts.removeUnused(userId);
    }
  }

  private async validate(
    record: ImportRecord,
    archivePath: string,
    progress: ProgressTracker,
  ): Promise<{ manifest: ExportManifest; members: ArchiveMember[] }> {
    await progress.phase(ImportStatus.Validating, { byteTotal: record.archiveBytes });
    const verification = await this.verifier.verify(archivePath, {
      onProgress: (p) => progress.bytes(p.bytesDone, p.byteTotal),
    });
    const manifest = this.acceptable(verification);
    const reader = await ZipArchiveReader.open(archivePath, manifest);
    let members: ArchiveMember[];
    try {
      const read = await readArchiveMembers(reader);
      members = read.members;
      if (read.problems.length > 0) {
        throw new PermanentImportFailure({
          code: ImportsErrorCode.InvalidMembers,
          message: `members.json cannot be used: ${read.problems.slice(0, 20).join('; ')}`,
          problems: read.problems.map((problem) => ({ code: 'INVALID_FIELD', message: problem })),
        });
      }
      if (!members.some((member) => member.role === 'owner') && !record.ownerEmail) {
        throw new PermanentImportFailure({
          code: ImportsErrorCode.InvalidMembers,
          message: 'The archive names no owner; give one (--owner, or `owner` in the request)',
        });
      }
      await this.checkFields(manifest, reader);
    } catch (error) {
      // An entry that is not the JSON its name says: the archive's fault, not an outage.
      if (!(error instanceof SyntaxError)) throw error;
      throw new PermanentImportFailure({
        code: ImportsErrorCode.InvalidField,
        message: `An entry of the archive is not valid JSON (${error.message}); nothing was imported`,
      });
    } finally {
      reader.close();
    }
    if (!record.householdId) await this.precheckSpace(manifest);
    return { manifest, members };
  }

  /**
   * Every value the sections will store, checked as the API checks it, before anything is
   * written: one refusal that names each field, rather than a restore that fails half-way or
   * stores what no request could (a media type with a line break, a NUL).
   */
  private async checkFields(manifest: ExportManifest, reader: ZipArchiveReader): Promise<void> {
    const check = new ArchiveFieldCheck();
    this.target.check(manifest.household, check);
    for (const section of this.registry.sections()) {
      const metadata = manifest.sections[section.id];
      if (metadata === undefined || !section.check) continue;
      await section.check(reader, metadata, check);
    }
    const problems = check.problems;
    if (problems.length === 0) return;
    throw new PermanentImportFailure({
      code: ImportsErrorCode.InvalidField,
      message:
        `The archive has ${problems.length}${check.full ? ' or more' : ''} value(s) Foyer would ` +
        `refuse (first: ${problems[0].path} ${problems[0].message}); nothing was imported`,
      problems: problems.map((problem) => ({
        code: 'INVALID_FIELD',
        path: problem.path,
        message: problem.message,
      })),
    });
  }

  private acceptable(verification: VerificationReport): ExportManifest {
    const manifest = verification.manifest;
    if (!verification.ok || !manifest) {
      const first = verification.problems[0];
      throw new PermanentImportFailure({
        code: ImportsErrorCode.InvalidArchive,
        message: `The archive did not pass verification (${verification.problems.length} problem(s)${first ? `, first: ${first.message}` : ''}); nothing was imported`,
        problems: verification.problems.map((problem) => ({
          code: problem.code,
          ...(problem.path === undefined ? {} : { path: problem.path }),
          message: problem.message,
        })),
      });
    }
    if (manifest.scope.kind !== 'household') {
      throw new PermanentImportFailure({
        code: ImportsErrorCode.InvalidArchive,
        message:
          "This archive is one member's export, not a household's; only a household export can be imported",
      });
    }
    return manifest;
  }

  /** Quota of the household to be (billing's default plan, or none) and free disk. */
  private async precheckSpace(manifest: ExportManifest): Promise<void> {
    const bytes = filesBytes(manifest);
    // A household id nobody has: the quota a new household gets.
    const quota = await this.entitlements.quotaBytes(randomUUID());
    if (quota !== null && bytes > quota) {
      throw new PermanentImportFailure({
        code: ImportsErrorCode.QuotaExceeded,
        message: `The archive holds ${bytes} bytes of files; a new household here may store ${quota}`,
      });
    }
    const objects = this.store.objectsDirectory;
    if (objects) {
      const free = await this.store.freeBytes(objects);
      if (bytes + DISK_MARGIN_BYTES > free) {
        throw new PermanentImportFailure({
          code: ImportsErrorCode.InsufficientDisk,
          message: `The archive's files need ${bytes} bytes (and some room to spare); the disk has ${free} free`,
        });
      }
    }
  }

  private async restore(
    record: ImportRecord,
    manifest: ExportManifest,
    members: readonly ArchiveMember[],
    archivePath: string,
    progress: ProgressTracker,
  ): Promise<Omit<ImportReport, 'durationMs'>> {
    const sections = this.registry
      .sections()
      .filter((section) => manifest.sections[section.id] !== undefined);
    await progress.phase(ImportStatus.Importing, {
      byteTotal: manifest.counts.bytes,
      sectionTotal: sections.length,
    });
    const householdId = toHouseholdId(record.householdId ?? randomUUID());
    await this.records.setHousehold(record.id, householdId);
    const household = await this.target.create(householdId, manifest.household, record.requestedBy);
    await this.target.provision(householdId);

    const mapping = await this.mapMembers(record, members);
    const ownerEmail = record.ownerEmail?.toLowerCase();
    const owner = ownerEmail ? mapping.find((member) => member.email === ownerEmail) : undefined;
    const importedBy =
      owner?.userId ??
      mapping.find((member) => member.role === 'owner')?.userId ??
      record.requestedBy ??
      mapping[0].userId;
    const userIdByArchiveUserId = new Map(
      mapping.map((member) => [member.archiveUserId, member.userId]),
    );

    const reader = await ZipArchiveReader.open(archivePath, manifest, (bytes) =>
      progress.addBytes(bytes),
    );
    const restored: Record<string, number> = {};
    const skipped: SkippedItem[] = [];
    const notes: { section: string; note: string }[] = [];
    try {
      for (const [index, section] of sections.entries()) {
        await progress.section(section.id, index);
        const result: SectionRestoreReport = await section.restore(
          {
            householdId,
            userIdByArchiveUserId,
            importedBy,
            metadata: manifest.sections[section.id] ?? {},
          },
          reader,
        );
        restored[section.id] = result.restored;
        for (const item of result.skipped) skipped.push({ section: section.id, ...item });
        for (const note of result.notes ?? []) notes.push({ section: section.id, note });
      }
    } finally {
      reader.close();
    }

    await progress.phase(ImportStatus.Verifying, { sectionsDone: sections.length });
    await this.target.reveal(householdId, memberships(mapping), {
      actorUserId: record.requestedBy,
      importId: record.id,
      source: `${manifest.household.slug} (${manifest.createdAt})`,
    });
    // An import into a server nobody administers (a fresh one: `foyer import`, `foyer migrate`)
    // would leave it without anyone who can open sign-up or see its households.
    const madeAdmin = await this.administrators.grantIfNone(importedBy);
    const notice = {
      householdId,
      movedBy: record.requestedBy ?? importedBy,
      source: sourceAddress(record),
    };
    for (const member of mapping) {
      if (!member.created) continue;
      await this.accounts.sendMovedInMail(member.userId, notice).catch((error: unknown) => {
        this.logger.error({ err: error, userId: member.userId }, 'Could not queue the mail');
      });
    }
    return {
      household: { id: householdId, slug: household.slug, name: manifest.household.name },
      source: {
        id: manifest.household.id,
        slug: manifest.household.slug,
        createdAt: manifest.createdAt,
      },
      slugChanged: household.slug !== manifest.household.slug,
      members: {
        total: mapping.length,
        matched: mapping.filter((member) => !member.created).length,
        created: mapping.filter((member) => member.created).length,
        list: mapping.map((member) => ({
          email: member.email,
          role: member.role,
          account: member.created ? 'created' : 'matched',
        })),
      },
      restored,
      skipped,
      notes,
      instanceAdmin: madeAdmin
        ? (mapping.find((member) => member.userId === importedBy)?.email ?? null)
        : null,
      changedDuringExport: manifest.changedDuringExport.length,
      archiveBytes: record.archiveBytes,
    };
  }

  /**
   * Each member matched by email or given a new account, saved after every account so that a
   * resumed import reuses them and a failed one can remove those it created. `--owner` is an
   * owner whatever the archive says.
   */
  private async mapMembers(
    record: ImportRecord,
    members: readonly ArchiveMember[],
  ): Promise<ImportMemberMapping[]> {
    const mapping = [...record.members];
    const wanted: ArchiveMember[] = [...members];
    const ownerEmail = record.ownerEmail?.toLowerCase();
    if (ownerEmail && !members.some((member) => member.email === ownerEmail)) {
      wanted.push({
        archiveUserId: `owner:${ownerEmail}`,
        email: ownerEmail,
        displayName: ownerEmail,
        role: 'owner',
        joinedAt: null,
      });
    }
    // The archive does not say each member's language; whoever imports it most likely shares it.
    const language: Language =
      (record.requestedBy ? await this.accounts.languageOf(record.requestedBy) : null) ??
      DEFAULT_LANGUAGE;
    for (const member of wanted) {
      const role = member.email === ownerEmail ? 'owner' : member.role;
      const entry = {
        archiveUserId: member.archiveUserId,
        email: member.email,
        role,
        joinedAt: member.joinedAt,
      };
      const index = mapping.findIndex((done) => done.email === member.email);
      const pending = index >= 0 && mapping[index].userId === '';
      if (index >= 0 && !pending) continue;
      const existing = await this.accounts.findByEmail(member.email);
      let account: { userId: string; created: boolean };
      if (existing) {
        // Pending: the account was made by an attempt the process died in, before recording it.
        account = { userId: existing, created: pending };
      } else {
        // Recorded before the account exists, so that a crash in between cannot make the next
        // attempt take it for someone's own account (kept when the import fails).
        if (!pending) {
          mapping.push({ ...entry, userId: '', created: true });
          await this.records.setMembers(record.id, mapping);
        }
        account = await this.accounts.matchOrCreate(member.email, member.displayName, language);
      }
      const done = { ...entry, userId: account.userId, created: account.created };
      const at = mapping.findIndex((other) => other.email === member.email);
      if (at >= 0) mapping[at] = done;
      else mapping.push(done);
      await this.records.setMembers(record.id, mapping);
    }
    return mapping;
  }

  private async mustFind(importId: string): Promise<ImportRecord> {
    const record = await this.records.findById(importId);
    if (!record) throw new Error(`Import ${importId} does not exist`);
    return record;
  }
}

/** The address of the Foyer a migrated household came from (`foyer migrate` records it first). */
function sourceAddress(record: ImportRecord): string | null {
  if (record.sourceKind !== ImportSourceKind.Migration) return null;
  const address = record.source.split(' ')[0];
  return /^https?:\/\//.test(address) ? address : null;
}

function memberships(mapping: readonly ImportMemberMapping[]): ImportedMembership[] {
  return mapping.map((member) => ({
    userId: member.userId,
    role: member.role as HouseholdRole,
    joinedAt: member.joinedAt ? new Date(member.joinedAt) : null,
  }));
}

/** Bytes of the files the archive brings (the live tree and the trash). */
function filesBytes(manifest: ExportManifest): number {
  return manifest.entries
    .filter(
      (entry) =>
        entry.type === 'file' &&
        (entry.path.startsWith('files/') || entry.path.startsWith('trash/')),
    )
    .reduce((sum, entry) => sum + entry.size, 0);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Keeps the record's progress current without writing it for every chunk. */
class ProgressTracker {
  private current: ImportProgress = {
    phase: 'validating',
    sectionsDone: 0,
    sectionTotal: 0,
    bytesDone: 0,
    byteTotal: 0,
  };
  private lastWrite = 0;

  constructor(
    private readonly importId: string,
    private readonly records: ImportRepository,
    private readonly listener?: (progress: ImportProgress) => void,
  ) {}

  async phase(status: ImportStatus, change: Partial<ImportProgress>): Promise<void> {
    this.current = {
      ...this.current,
      bytesDone: 0,
      ...change,
      phase: status as ImportProgress['phase'],
    };
    this.listener?.(this.current);
    await this.records.setStatus(this.importId, status, this.current);
  }

  async section(id: string, done: number): Promise<void> {
    this.current = { ...this.current, section: id, sectionsDone: done };
    this.listener?.(this.current);
    await this.records.setProgress(this.importId, this.current);
  }

  bytes(done: number, total: number): void {
    this.current = { ...this.current, bytesDone: done, byteTotal: total };
    this.flush();
  }

  addBytes(bytes: number): void {
    this.current = { ...this.current, bytesDone: this.current.bytesDone + bytes };
    this.flush();
  }

  final(phase: 'done' | 'failed'): ImportProgress {
    const { section: _section, ...rest } = this.current;
    void _section;
    return {
      ...rest,
      phase,
      sectionsDone: phase === 'done' ? rest.sectionTotal : rest.sectionsDone,
    };
  }

  private flush(): void {
    this.listener?.(this.current);
    const now = Date.now();
    if (now - this.lastWrite < PROGRESS_WRITE_MS) return;
    this.lastWrite = now;
    this.records.setProgress(this.importId, this.current).catch(() => undefined);
  }
}
