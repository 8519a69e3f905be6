import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { toHouseholdId } from '@foyer/core';
import {
  ArchiveEntryOut,
  ArchiveFieldCheck,
  ArchiveReader,
  ExportScope,
  PortableSection,
  PortableSectionProvider,
  RestoreTarget,
  SectionRestoreReport,
  SectionSnapshot,
} from '@foyer/portability';
import { AuditLogRepository } from '../audit/audit-log.repository';
import { HouseholdEntitlements } from '../entitlements/household-entitlements';
import { HouseholdEntity } from '../entities/household.entity';
import { MemberRow, MembershipRepository } from '../repositories/membership.repository';
import { HouseholdRepository } from '../repositories/household.repository';
import { HouseholdRestorer } from './household-restorer';

export const HOUSEHOLD_JSON = 'household.json';
export const MEMBERS_JSON = 'members.json';
export const AUDIT_JSONL = 'audit.jsonl';
const AUDIT_PAGE = 1000;

/** members.json: who is in the household. Deliberately a whitelist: no secret can slip in. */
interface MemberLine {
  id: string;
  email: string;
  displayName: string;
  role: string;
  joinedAt: string;
}

function memberLine(member: MemberRow): MemberLine {
  return {
    id: member.userId,
    email: member.email,
    displayName: member.displayName,
    role: member.role,
    joinedAt: member.joinedAt.toISOString(),
  };
}

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * The household's own record in the archive: household.json (name, slug, status, settings, and
 * the plan's limits for information), members.json (id, email, display name, role, joined —
 * never password hashes, sessions, app passwords, tokens or keys: the rows are built field by
 * field), and audit.jsonl (the audit log up to the snapshot, oldest first). An export of what is
 * one member's carries the household's name and address and that member's own membership, and
 * no audit log (reading it is `audit.view`).
 */
@Injectable()
@PortableSectionProvider()
export class HouseholdPortableSection implements PortableSection {
  readonly id = 'household';
  readonly order = 0;

  constructor(
    private readonly households: HouseholdRepository,
    private readonly memberships: MembershipRepository,
    private readonly audit: AuditLogRepository,
    private readonly entitlements: HouseholdEntitlements,
    private readonly restorer: HouseholdRestorer,
  ) {}

  async snapshot(householdId: string, scope: ExportScope): Promise<SectionSnapshot> {
    const household = await this.households.findById(householdId);
    if (!household) throw new Error(`No household ${householdId}`);
    const until = new Date();
    const whole = scope.kind === 'household';
    const members = whole
      ? await this.memberships.listMembers(householdId)
      : [await this.memberships.findMember(householdId, scope.userId)].filter(
          (member): member is MemberRow => member !== null,
        );
    const record = whole
      ? await this.householdRecord(household)
      : { id: household.id, name: household.name, slug: household.slug };
    const householdJson = json(record);
    const membersJson = json(members.map(memberLine));
    const audit = this.audit;
    return {
      entryCount: whole ? 3 : 2,
      byteCount: householdJson.length + membersJson.length,
      async *entries(): AsyncIterable<ArchiveEntryOut> {
        yield {
          path: HOUSEHOLD_JSON,
          modifiedAt: household.updatedAt,
          size: householdJson.length,
          open: async () => Readable.from([householdJson]),
        };
        yield {
          path: MEMBERS_JSON,
          modifiedAt: until,
          size: membersJson.length,
          open: async () => Readable.from([membersJson]),
        };
        if (whole) {
          yield {
            path: AUDIT_JSONL,
            modifiedAt: until,
            open: async () => Readable.from(auditLines(audit, householdId, until)),
          };
        }
      },
      metadata: async () => ({ members: members.length }),
    };
  }

  /** Settings and the audit log, into a new, hidden household: see HouseholdRestorer. */
  restore(target: RestoreTarget, archive: ArchiveReader): Promise<SectionRestoreReport> {
    return this.restorer.restore(target, archive);
  }

  check(archive: ArchiveReader, _metadata: unknown, check: ArchiveFieldCheck): Promise<void> {
    return this.restorer.check(archive, check);
  }

  private async householdRecord(household: HouseholdEntity): Promise<Record<string, unknown>> {
    return {
      id: household.id,
      name: household.name,
      slug: household.slug,
      status: household.status,
      createdAt: household.createdAt.toISOString(),
      settings: household.settings,
      plan: {
        ...(await this.entitlements.planOf(household.id)),
        seats: await this.entitlements.seatLimit(household.id),
        storageQuotaBytes: await this.entitlements.storageQuotaBytes(household.id),
      },
    };
  }
}

/** The audit log as JSON lines, a page at a time (constant memory). */
async function* auditLines(
  audit: AuditLogRepository,
  householdId: string,
  until: Date,
): AsyncGenerator<Buffer> {
  let after: string | undefined;
  for (;;) {
    const page = await audit.listForExport(toHouseholdId(householdId), until, after, AUDIT_PAGE);
    for (const event of page) {
      yield Buffer.from(
        `${JSON.stringify({
          id: event.id,
          occurredAt: event.occurredAt.toISOString(),
          actor: event.actorUserId,
          action: event.action,
          target: event.target,
          details: event.details,
          ip: event.ip,
        })}\n`,
      );
    }
    if (page.length < AUDIT_PAGE) return;
    after = page[page.length - 1].id;
  }
}
