import { createHash } from 'node:crypto';
import { createUser, TestUser } from '../../factories/user.factory';
import type { TestApp } from '../../harness/test-app';
import { CreatedHousehold, createActiveHousehold } from '../households/provisioning-helpers';
import { ownerQuery } from '../../factories/owner-sql';

export interface FilesFixture {
  owner: TestUser;
  home: CreatedHousehold;
}

/** A verified owner with a provisioned household (bucket and default folders), through the API. */
export async function ownerWithHousehold(
  testApp: TestApp,
  name = 'Files home',
): Promise<FilesFixture> {
  const owner = await createUser(testApp, { verified: true });
  const home = await createActiveHousehold(testApp.server, owner, name);
  return { owner, home };
}

/** Sets the household's storage quota (the override StorageEntitlements reads until billing). */
export async function setQuota(
  testApp: TestApp,
  householdId: string,
  bytes: number | null,
): Promise<void> {
  await ownerQuery(
    testApp.db,
    bytes === null
      ? `UPDATE households SET settings = settings - 'storageQuotaBytes' WHERE id = $1`
      : `UPDATE households SET settings = settings || jsonb_build_object('storageQuotaBytes', $2::bigint) WHERE id = $1`,
    bytes === null ? [householdId] : [householdId, bytes],
  );
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
