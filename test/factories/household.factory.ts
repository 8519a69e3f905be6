import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { toHouseholdId } from '@foyer/core';
import { KeyVault } from '@foyer/households';
import type { TestDatabase } from '../harness/test-database';
import { ownerQuery } from './owner-sql';
import type { TestUser } from './user.factory';

export type HouseholdRoleName = 'owner' | 'admin' | 'member' | 'child';

export interface TestHousehold {
  id: string;
  slug: string;
  name: string;
}

export interface HouseholdOptions {
  /** Default `active`. */
  status?: 'provisioning' | 'active' | 'suspended' | 'pending_deletion' | 'purging';
  name?: string;
}

/**
 * A household owned by `owner`, in one line: `const home = await createHousehold(testApp, ada)`.
 * Written straight into the control-plane tables as the database owner (no provisioning job
 * runs: no bucket, no default folders), for suites about members and invites. Given the running
 * application, it gets a data key wrapped by that application's master key, as provisioning
 * would give it, so that whatever the suite stores in its bucket can be encrypted.
 */
export async function createHousehold(
  testApp: { db: Pick<TestDatabase, 'ownerUrl'>; app?: INestApplication },
  owner: Pick<TestUser, 'id'>,
  options: HouseholdOptions = {},
): Promise<TestHousehold> {
  const tag = randomBytes(4).toString('hex');
  const name = options.name ?? `Household ${tag}`;
  const slug = `home-${tag}`;
  const [row] = await ownerQuery<{ id: string }>(
    testApp.db,
    `INSERT INTO households (slug, name, status, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
    [slug, name, options.status ?? 'active', owner.id],
  );
  await addMember(testApp, { id: row.id }, owner, 'owner');
  if (testApp.app) {
    const vault = testApp.app.get(KeyVault, { strict: false });
    await ownerQuery(testApp.db, 'UPDATE households SET wrapped_data_key = $2 WHERE id = $1', [
      row.id,
      await vault.wrap(toHouseholdId(row.id), vault.newDataKey()),
    ]);
  }
  return { id: row.id, slug, name };
}

/** Puts `user` into the household with `role`, as if an invite had been accepted. */
export async function addMember(
  testApp: { db: Pick<TestDatabase, 'ownerUrl'> },
  household: Pick<TestHousehold, 'id'>,
  user: Pick<TestUser, 'id'>,
  role: HouseholdRoleName,
): Promise<void> {
  await ownerQuery(
    testApp.db,
    'INSERT INTO memberships (household_id, user_id, role) VALUES ($1, $2, $3)',
    [household.id, user.id, role],
  );
}

/** Changes the household's status, as an operator or the deletion flow would. */
export async function setHouseholdStatus(
  testApp: { db: Pick<TestDatabase, 'ownerUrl'> },
  household: Pick<TestHousehold, 'id'>,
  status: NonNullable<HouseholdOptions['status']>,
): Promise<void> {
  await ownerQuery(testApp.db, 'UPDATE households SET status = $2 WHERE id = $1', [
    household.id,
    status,
  ]);
}
