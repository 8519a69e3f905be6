import { Injectable, Logger } from '@nestjs/common';
import { FoyerError, HouseholdId, HouseholdScope } from '@foyer/core';
import type { ArchiveFieldCheck } from '@foyer/portability';
import { ObjectStorage } from '@foyer/storage';
import { HouseholdRole } from '../access/household-role';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { KeyVault } from '../keys/key-vault';
import { householdBucket } from '../provisioning/household-bucket';
import { normalizeHouseholdName } from '../provisioning/household-name';
import { hasSlugFormat, slugCandidates, slugFromName } from '../provisioning/household-slug';
import { HouseholdProvisioningRepository } from '../repositories/household-provisioning.repository';
import { ImportedHouseholdRepository, ImportedMembership } from './imported-household.repository';

/** Slugs looked up per query while searching for a free one. */
const SLUG_BATCH = 20;
const MAX_INSERT_ATTEMPTS = 10;

export interface HiddenHousehold {
  readonly id: HouseholdId;
  readonly slug: string;
}

export type { ImportedMembership };

/**
 * The households library's side of an import (libs/imports). An imported household is created
 * without any membership: nobody sees it (lists, `:hid`, `/h/<slug>` all go through memberships)
 * until `reveal` gives it its members at the very end. It is provisioned like any other — its
 * own bucket and data key — but without default content, since the archive brings its own.
 * A failed import `discard`s it; a household that has members is never discarded.
 */
@Injectable()
export class HouseholdImportTarget {
  private readonly logger = new Logger(HouseholdImportTarget.name);

  constructor(
    private readonly provisioning: HouseholdProvisioningRepository,
    private readonly imported: ImportedHouseholdRepository,
    private readonly audit: AuditLogRepository,
    private readonly scope: HouseholdScope,
    private readonly storage: ObjectStorage,
    private readonly vault: KeyVault,
  ) {}

  /**
   * The archive's household name and address, as the API checks them (INVALID_HOUSEHOLD_NAME,
   * the slug's format), before anything is written.
   */
  check(archived: { name: unknown; slug: unknown }, check: ArchiveFieldCheck): void {
    if (check.text('manifest.json household.name', archived.name, { max: 1000 })) {
      try {
        normalizeHouseholdName(archived.name);
      } catch (error) {
        if (!(error instanceof FoyerError)) throw error;
        check.problem('manifest.json household.name', error.message);
      }
    }
    if (typeof archived.slug !== 'string' || !hasSlugFormat(archived.slug)) {
      check.problem(
        'manifest.json household.slug',
        'must be a household address: lower-case letters, digits and dashes',
      );
    }
  }

  /**
   * Creates the hidden household with the id the import chose (so a resumed import finds it
   * again), under the archive's slug or, when taken, the first free `-2`, `-3`, ... Idempotent:
   * when the household exists already, its slug is returned.
   */
  async create(
    id: HouseholdId,
    archived: { name: string; slug: string },
    importedBy: string | null,
  ): Promise<HiddenHousehold> {
    const existing = await this.imported.slugOf(id);
    if (existing) return { id, slug: existing };
    const name = normalizeHouseholdName(archived.name);
    const base = hasSlugFormat(archived.slug) ? archived.slug : slugFromName(name);
    for (let attempt = 1; ; attempt++) {
      const slug = await this.freeSlug(base);
      try {
        await this.scope.run(id, async ({ manager }) => {
          await this.provisioning.insert({ id, slug, name, createdBy: importedBy }, manager);
        });
        return { id, slug };
      } catch (error) {
        if (!this.provisioning.isSlugConflict(error) || attempt >= MAX_INSERT_ATTEMPTS) throw error;
      }
    }
  }

  /** Bucket and data key, then `active` (still without members). Idempotent like provisioning. */
  async provision(id: HouseholdId): Promise<void> {
    const bucket = householdBucket(id);
    try {
      await this.storage.ensureBucket(bucket);
    } catch (error) {
      if (!(await this.storage.bucketExists(bucket).catch(() => false))) throw error;
    }
    await this.provisioning.setWrappedDataKeyIfUnset(
      id,
      await this.vault.wrap(id, this.vault.newDataKey()),
    );
    await this.provisioning.activateIfProvisioning(id);
  }

  async updateSettings(id: HouseholdId, settings: Record<string, unknown>): Promise<void> {
    await this.imported.updateSettings(id, settings);
  }

  /** Gives the household its members (and so makes it visible), with one audit event. */
  async reveal(
    id: HouseholdId,
    members: readonly ImportedMembership[],
    details: { actorUserId: string | null; importId: string; source: string },
  ): Promise<void> {
    if (!members.some((member) => member.role === HouseholdRole.Owner)) {
      throw new Error(`An imported household needs an owner (import ${details.importId})`);
    }
    await this.scope.run(id, async ({ manager }) => {
      const revealedBefore = await this.imported.hasMembers(id);
      await this.imported.insertMemberships(id, members, manager);
      if (!revealedBefore) {
        await this.audit.append(id, {
          actorUserId: details.actorUserId,
          action: 'household.imported',
          target: details.importId,
          details: { source: details.source, members: members.length },
        });
      }
    });
  }

  /** True when the household was revealed (has members): the import is then complete. */
  isRevealed(id: HouseholdId): Promise<boolean> {
    return this.imported.hasMembers(id);
  }

  /**
   * Removes a household an import created and never revealed: its bucket, then its row (with
   * every tenant row). Does nothing to a household that has members. Safe to call twice.
   */
  async discard(id: HouseholdId): Promise<void> {
    if (!(await this.imported.exists(id))) return;
    if (await this.imported.hasMembers(id)) {
      this.logger.warn({ householdId: id }, 'Not discarding an imported household with members');
      return;
    }
    await this.storage.removeBucket(householdBucket(id));
    await this.imported.deleteUnrevealed(id);
  }

  private async freeSlug(base: string): Promise<string> {
    const candidates = slugCandidates(base);
    for (;;) {
      const batch: string[] = [];
      while (batch.length < SLUG_BATCH) batch.push(candidates.next().value as string);
      const taken = await this.provisioning.takenSlugs(batch);
      const free = batch.find((slug) => !taken.has(slug));
      if (free) return free;
    }
  }
}
