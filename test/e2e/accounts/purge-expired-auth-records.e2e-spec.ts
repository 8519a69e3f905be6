import request from 'supertest';
import { JobName, JobQueue } from '@foyer/jobs';
import { createTestApp, TestApp } from '../../harness/test-app';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, signIn } from '../../factories/user.factory';

async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('job PurgeExpiredAuthRecords', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  const count = async (sql: string, params: unknown[]) =>
    Number((await ownerQuery<{ n: string }>(testApp.db, sql, params))[0].n);

  it('deletes expired and revoked sessions, old tokens and ended rate-limit windows, and nothing live', async () => {
    const user = await createUser(testApp);
    const expired = await signIn(testApp.server, user.email, user.password);
    const revoked = await signIn(testApp.server, user.email, user.password);
    await request(testApp.server).post('/api/v1/auth/logout').set(revoked.auth).expect(204);
    await ownerQuery(
      testApp.db,
      `UPDATE sessions SET expires_at = now() - interval '1 hour'
        WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
      [expired.accessToken],
    );
    await ownerQuery(
      testApp.db,
      `INSERT INTO auth_tokens (user_id, purpose, token_hash, expires_at, created_at)
       VALUES ($1, 'password_reset', 'old', now() - interval '8 days', now() - interval '8 days'),
              ($1, 'password_reset', 'live', now() + interval '1 hour', now())`,
      [user.id],
    );
    await ownerQuery(
      testApp.db,
      `INSERT INTO rate_limit_windows (key, window_start, count, expires_at)
       VALUES ('test:ended', now() - interval '2 hours', 3, now() - interval '1 hour'),
              ('test:live', now(), 3, now() + interval '1 hour')`,
    );
    expect(await count('SELECT count(*) AS n FROM sessions WHERE user_id = $1', [user.id])).toBe(3);

    await testApp.app
      .get(JobQueue, { strict: false })
      .enqueue(JobName.PurgeExpiredAuthRecords, {}, { deduplicationKey: 'purge-test' });

    await eventually(
      async () =>
        (await count('SELECT count(*) AS n FROM sessions WHERE user_id = $1', [user.id])) === 1,
    );
    await request(testApp.server).get('/api/v1/me').set(user.auth).expect(200);
    await eventually(
      async () =>
        (await count(
          `SELECT count(*) AS n FROM rate_limit_windows WHERE key LIKE 'test:%'`,
          [],
        )) === 1,
    );
    const tokens = await ownerQuery<{ token_hash: string }>(
      testApp.db,
      `SELECT token_hash FROM auth_tokens WHERE user_id = $1 AND purpose = 'password_reset'`,
      [user.id],
    );
    expect(tokens).toEqual([{ token_hash: 'live' }]);
  });
});
