import request from 'supertest';
import {
  INVITE_MAILS_PER_HOUSEHOLD_PER_HOUR,
  INVITE_MAILS_PER_INVITE_PER_HOUR,
} from '../../../libs/households/src/invites/invite.service';
import { createHousehold } from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, uniqueEmail } from '../../factories/user.factory';
import { waitForMail } from '../../harness/mailbox';
import { createTestApp, TestApp } from '../../harness/test-app';
import { invite, INVITE_SUBJECT, inviteMailCount } from './membership-helpers';
import { tenantQuery } from './provisioning-helpers';

/** Invite mails are throttled like reset mails: per invite and per household, 429 past either. */
describe('invites: mail throttle', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(() => testApp?.close());

  const expectThrottled = (response: request.Response) => {
    expect(response.status).toBe(429);
    expect(response.body.code).toBe('RATE_LIMITED');
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(response.body.retryAfterSeconds).toBe(retryAfter);
  };

  it('sends one invite a limited number of times an hour, by resend or by inviting again', async () => {
    const owner = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    const email = uniqueEmail('flooded');
    const created = await invite(testApp, owner, home.id, { email, role: 'member' }).expect(201);
    const resend = () =>
      request(testApp.server)
        .post(`/api/v1/households/${home.id}/invites/${created.body.id}/resend`)
        .set(owner.auth);
    for (let sent = 1; sent < INVITE_MAILS_PER_INVITE_PER_HOUR; sent++) {
      await (
        sent % 2 ? resend() : invite(testApp, owner, home.id, { email, role: 'member' })
      ).expect(200);
    }
    expectThrottled(await resend());
    expectThrottled(await invite(testApp, owner, home.id, { email, role: 'admin' }));
    // The refused sends changed nothing: the role is still the one of the last send.
    const [row] = await ownerQuery<{ role: string }>(
      testApp.db,
      'SELECT role FROM invites WHERE id = $1',
      [created.body.id],
    );
    expect(row.role).toBe('member');
    await waitForMail(email, { subject: INVITE_SUBJECT, count: INVITE_MAILS_PER_INVITE_PER_HOUR });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await inviteMailCount(email)).toBe(INVITE_MAILS_PER_INVITE_PER_HOUR);

    // An hour later (the log's clock moved back), it can be sent again.
    await tenantQuery(
      testApp.db,
      home.id,
      `UPDATE audit_events SET occurred_at = occurred_at - interval '61 minutes'
        WHERE household_id = $1`,
      [home.id],
    );
    await resend().expect(200);
  });

  it('sends a limited number of invite mails per household and hour', async () => {
    const owner = await createUser(testApp, { verified: true });
    const home = await createHousehold(testApp, owner);
    const other = await createHousehold(testApp, owner);
    for (let sent = 0; sent < INVITE_MAILS_PER_HOUSEHOLD_PER_HOUR; sent++) {
      await invite(testApp, owner, home.id, { email: uniqueEmail('many'), role: 'member' }).expect(
        201,
      );
    }
    const email = uniqueEmail('one-too-many');
    expectThrottled(await invite(testApp, owner, home.id, { email, role: 'member' }));
    const [{ count }] = await ownerQuery<{ count: string }>(
      testApp.db,
      'SELECT count(*) FROM invites WHERE email = $1',
      [email],
    );
    expect(Number(count)).toBe(0);
    // Another household of the same owner has its own budget.
    await invite(testApp, owner, other.id, { email, role: 'member' }).expect(201);
  });
});
