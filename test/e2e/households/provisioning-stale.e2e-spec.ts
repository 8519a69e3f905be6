import { StaleProvisioningSweep } from '../../../libs/households/src/provisioning/stale-provisioning-sweep';
import { createHousehold } from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { until } from './provisioning-helpers';

async function statusOf(testApp: TestApp, id: string): Promise<string> {
  const [row] = await ownerQuery<{ status: string }>(
    testApp.db,
    'SELECT status FROM households WHERE id = $1',
    [id],
  );
  return row.status;
}

describe('a household stuck in provisioning', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  it('is provisioned again by the sweep once it is a quarter of an hour old, and only then', async () => {
    const owner = await createUser(testApp, { verified: true });
    const stuck = await createHousehold(testApp, owner, { status: 'provisioning' });
    const fresh = await createHousehold(testApp, owner, { status: 'provisioning' });
    await ownerQuery(
      testApp.db,
      `UPDATE households SET created_at = now() - interval '1 hour' WHERE id = $1`,
      [stuck.id],
    );

    await testApp.app.get(StaleProvisioningSweep).sweep();

    await until(
      async () => (await statusOf(testApp, stuck.id)) === 'active',
      'the stuck household to become active',
    );
    const [key] = await ownerQuery<{ wrapped_data_key: string | null }>(
      testApp.db,
      'SELECT wrapped_data_key FROM households WHERE id = $1',
      [stuck.id],
    );
    expect(key.wrapped_data_key).not.toBeNull();
    expect(await statusOf(testApp, fresh.id)).toBe('provisioning');
  });
});
