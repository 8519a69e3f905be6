import { Injectable } from '@nestjs/common';
import { FoyerError, HouseholdScope } from '@foyer/core';
import { HouseholdAccessService } from '../access/household-access.service';
import { HouseholdPermission } from '../access/household-permission';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { HouseholdResponse } from '../dto/household-response.dto';
import { HouseholdEntity } from '../entities/household.entity';
import { HouseholdsErrorCode } from '../households-error-code';
import { normalizeHouseholdName } from '../provisioning/household-name';
import { hasSlugFormat, isReservedSlug, MAX_SLUG_LENGTH } from '../provisioning/household-slug';
import { HouseholdRepository } from '../repositories/household.repository';
import { HouseholdProvisioningRepository } from '../repositories/household-provisioning.repository';
import { MembershipRepository } from '../repositories/membership.repository';
import { HouseholdFields, toHouseholdResponse } from './household-response';

export interface HouseholdChanges {
  name?: string;
  slug?: string;
}

export interface HouseholdActor {
  userId: string;
  ip?: string;
}

/** A member's view of their households, and the settings that make a household's identity. */
@Injectable()
export class HouseholdService {
  constructor(
    private readonly access: HouseholdAccessService,
    private readonly households: HouseholdRepository,
    private readonly provisioning: HouseholdProvisioningRepository,
    private readonly memberships: MembershipRepository,
    private readonly audit: AuditLogRepository,
    private readonly scope: HouseholdScope,
  ) {}

  /** Every household the user belongs to, whatever its status, with the user's role. */
  async list(userId: string): Promise<HouseholdResponse[]> {
    const rows = await this.memberships.listForUser(userId);
    return rows.map((row) => toHouseholdResponse({ ...row, id: row.householdId }, row.role));
  }

  async get(userId: string, hid: string): Promise<HouseholdResponse> {
    const { household, role } = await this.access.resolve(userId, hid);
    return toHouseholdResponse(household, role);
  }

  /**
   * Renames (owner or admin) and changes the slug (owner only). Checked in this order: membership
   * (404), role (403), a writable household (409 HOUSEHOLD_READ_ONLY), then the values (400), so
   * nobody learns what a change would have done without being allowed to make it. A change to
   * the current value is no change and leaves no audit event.
   */
  async update(
    actor: HouseholdActor,
    hid: string,
    changes: HouseholdChanges,
  ): Promise<HouseholdResponse> {
    const access = await this.access.resolve(actor.userId, hid);
    if (changes.name !== undefined) this.access.assertMay(access, HouseholdPermission.Rename);
    if (changes.slug !== undefined) this.access.assertMay(access, HouseholdPermission.ChangeSlug);
    if (changes.name === undefined && changes.slug === undefined) {
      return toHouseholdResponse(access.household, access.role);
    }
    this.access.assertWritable(access);
    const name = changes.name === undefined ? undefined : normalizeHouseholdName(changes.name);
    const slug = changes.slug === undefined ? undefined : parseSlug(changes.slug);

    const id = this.access.householdId(access);
    try {
      const updated = await this.scope.run(id, async ({ manager }) => {
        // Locked, so the audit event's "from" is the value this change replaced, and a
        // suspension or deletion request that landed since the check above is seen.
        const current = await this.households.lockById(id, manager);
        if (!current) throw new FoyerError(404, HouseholdsErrorCode.NotFound, 'No such household');
        this.access.assertWritable({ ...access, household: current });
        const set: Partial<Pick<HouseholdEntity, 'name' | 'slug'>> = {};
        if (name !== undefined && name !== current.name) set.name = name;
        if (slug !== undefined && slug !== current.slug) {
          if ((await this.provisioning.takenSlugs([slug], manager)).size > 0) throw slugTaken(slug);
          set.slug = slug;
        }
        if (set.name === undefined && set.slug === undefined) return current;
        await this.households.update(id, set, manager);
        if (set.name !== undefined) {
          await this.audit.append(id, {
            actorUserId: actor.userId,
            action: 'household.renamed',
            details: { from: current.name, to: set.name },
            ip: actor.ip,
          });
        }
        if (set.slug !== undefined) {
          await this.audit.append(id, {
            actorUserId: actor.userId,
            action: 'household.slug-changed',
            target: set.slug,
            details: { from: current.slug, to: set.slug },
            ip: actor.ip,
          });
        }
        return { ...current, ...set };
      });
      return toHouseholdResponse(updated satisfies HouseholdFields, access.role);
    } catch (error) {
      // Another household took the slug between the check and the update.
      if (slug !== undefined && this.provisioning.isSlugConflict(error)) throw slugTaken(slug);
      throw error;
    }
  }
}

/** A slug as asked for: trimmed and lower-cased, then refused unless usable (400 INVALID_SLUG). */
function parseSlug(raw: string): string {
  const slug = raw.trim().toLowerCase();
  if (!hasSlugFormat(slug)) {
    throw new FoyerError(
      400,
      HouseholdsErrorCode.InvalidSlug,
      `A slug is 1 to ${MAX_SLUG_LENGTH} lower-case letters, digits and hyphens, starting and ending with a letter or digit`,
    );
  }
  if (isReservedSlug(slug)) {
    throw new FoyerError(
      400,
      HouseholdsErrorCode.InvalidSlug,
      `"${slug}" is reserved (a word Foyer uses in its own addresses, or the shape of a household id)`,
    );
  }
  return slug;
}

function slugTaken(slug: string): FoyerError {
  return new FoyerError(409, HouseholdsErrorCode.SlugTaken, `Another household uses "${slug}"`);
}
