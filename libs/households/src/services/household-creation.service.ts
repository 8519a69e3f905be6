import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { FoyerError, HouseholdId, HouseholdScope, toHouseholdId } from '@foyer/core';
import { JobName, JobQueue } from '@foyer/jobs';
import { HouseholdRole } from '../access/household-role';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { HouseholdCreatedResponse } from '../dto/household-created-response.dto';
import { HouseholdStatus } from '../household-status';
import { HouseholdsErrorCode } from '../households-error-code';
import { normalizeHouseholdName } from '../provisioning/household-name';
import { slugCandidates, slugFromName } from '../provisioning/household-slug';
import { HouseholdProvisioningRepository } from '../repositories/household-provisioning.repository';
import { MembershipRepository } from '../repositories/membership.repository';

/** Slugs looked up per query while searching for a free one. */
const SLUG_BATCH = 20;
/** Inserts retried when another household took the chosen slug in between. */
const MAX_INSERT_ATTEMPTS = 10;

export interface HouseholdCreator {
  userId: string;
  ip?: string;
}

/**
 * `POST /api/v1/households`: the household row, its creator's `owner` membership and the
 * `household.created` audit event in one transaction, then the provisioning job. The slug comes
 * from the name (`the-martins`, then `the-martins-2`, ...); the unique constraint decides between
 * two creations that chose the same one at once, and the loser tries the next free slug.
 */
@Injectable()
export class HouseholdCreationService {
  private readonly logger = new Logger(HouseholdCreationService.name);

  constructor(
    private readonly provisioning: HouseholdProvisioningRepository,
    private readonly memberships: MembershipRepository,
    private readonly audit: AuditLogRepository,
    private readonly scope: HouseholdScope,
    private readonly jobs: JobQueue,
  ) {}

  async create(creator: HouseholdCreator, rawName: string): Promise<HouseholdCreatedResponse> {
    const name = normalizeHouseholdName(rawName);
    const base = slugFromName(name);
    const { id, slug } = await this.insert(creator, name, base);
    await this.queueProvisioning(id);
    return { id, slug, status: HouseholdStatus.Provisioning };
  }

  private async insert(
    creator: HouseholdCreator,
    name: string,
    base: string,
  ): Promise<{ id: HouseholdId; slug: string }> {
    for (let attempt = 1; ; attempt++) {
      const slug = await this.freeSlug(base);
      const id = toHouseholdId(randomUUID());
      try {
        // The scope's transaction carries the new household's id, which the audit log (a tenant
        // table) needs; households and memberships are control-plane tables in the same one.
        await this.scope.run(id, async ({ manager }) => {
          await this.provisioning.insert({ id, slug, name, createdBy: creator.userId }, manager);
          await this.memberships.insert(
            { householdId: id, userId: creator.userId, role: HouseholdRole.Owner },
            manager,
          );
          await this.audit.append(id, {
            actorUserId: creator.userId,
            action: 'household.created',
            target: slug,
            details: { name, slug },
            ip: creator.ip,
          });
        });
        return { id, slug };
      } catch (error) {
        if (!this.provisioning.isSlugConflict(error)) throw error;
        if (attempt >= MAX_INSERT_ATTEMPTS) {
          throw new FoyerError(
            409,
            HouseholdsErrorCode.SlugTaken,
            'Many households with this name are being created right now; try again',
          );
        }
      }
    }
  }

  /** The first candidate for `base` that no household uses yet. */
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

  /**
   * A household whose job cannot be queued would stay `provisioning` for ever: it is removed
   * again (with its membership and audit event), and the caller is told to try later.
   */
  private async queueProvisioning(id: HouseholdId): Promise<void> {
    try {
      await this.jobs.enqueue(
        JobName.ProvisionHousehold,
        { householdId: id },
        { deduplicationKey: `provision:${id}` },
      );
    } catch (error) {
      this.logger.error({ err: error, householdId: id }, 'Could not queue provisioning');
      await this.provisioning.deleteUnprovisioned(id);
      throw new FoyerError(
        503,
        HouseholdsErrorCode.ProvisioningUnavailable,
        'The household could not be set up right now; nothing was kept, please try again',
      );
    }
  }
}
