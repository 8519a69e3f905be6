import request from 'supertest';
import { addMember, createHousehold } from '../../factories/household.factory';
import { uploadFile } from '../../factories/file.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createActiveHousehold } from '../households/provisioning-helpers';
import {
  downloadExport,
  entryText,
  exportsUrl,
  readZip,
  requestExport,
  waitForExport,
} from './export-helpers';

/** What `foyer migrate` does on the source with a migration token, and what the token may not. */
describe('exports with a migration token', () => {
  let testApp: TestApp;
  let owner: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    owner = await createUser(testApp, { verified: true });
    member = await createUser(testApp, { verified: true });
  });
  afterAll(() => testApp?.close());

  async function tokenFor(hid: string): Promise<{ auth: { Authorization: string } }> {
    const created = await request(testApp.server)
      .post(`/api/v1/households/${hid}/migration-tokens`)
      .set(owner.auth)
      .expect(201);
    return { auth: { Authorization: `Bearer ${created.body.token as string}` } };
  }

  it('requests, follows and downloads the whole household, then may mark it moved', async () => {
    const home = await createActiveHousehold(testApp.server, owner, 'Moving out');
    await addMember(testApp, home, member, 'member');
    await uploadFile(testApp, owner, home.id, '/deed.txt', 'the deed');
    const token = await tokenFor(home.slug);

    // Whatever `scope` says, the token gets the whole household.
    const created = await request(testApp.server)
      .post(exportsUrl(home.slug))
      .set(token.auth)
      .send({ scope: 'member' })
      .expect(202);
    const ready = await waitForExport(testApp.server, token, home.slug, created.body.id);
    expect(ready).toMatchObject({ scope: 'household', requestedBy: null });
    // Asked again while one is... ready: a new one, not the member's or anyone else's.
    expect((await requestExport(testApp.server, token, home.id)).id).not.toBe(created.body.id);

    // Not downloaded yet: the token cannot mark the household moved.
    const early = await request(testApp.server)
      .post(`/api/v1/households/${home.id}/moved`)
      .set(token.auth)
      .send({ newAddress: 'https://foyer.example.net/h/moving-out' });
    expect(early.body.code).toBe('MIGRATION_NOT_EXPORTED');

    const download = await downloadExport(testApp.server, token, home.slug, created.body.id);
    expect(download.status).toBe(200);
    const entries = await readZip(download.body);
    expect(entryText(entries, 'files/deed.txt')).toBe('the deed');
    const members = JSON.parse(entryText(entries, 'members.json')) as { email: string }[];
    expect(members.map((row) => row.email).sort()).toEqual([member.email, owner.email].sort());

    await request(testApp.server)
      .post(`/api/v1/households/${home.id}/moved`)
      .set(token.auth)
      .send({ newAddress: 'https://foyer.example.net/h/moving-out' })
      .expect(200);
  });

  it('reads nothing but whole-household exports of its own household', async () => {
    const home = await createHousehold(testApp, owner, { name: 'Token bounds' });
    await addMember(testApp, home, member, 'member');
    const other = await createHousehold(testApp, owner, { name: 'Elsewhere' });
    const token = await tokenFor(home.id);
    const own = await requestExport(testApp.server, member, home.id, 'member');
    await waitForExport(testApp.server, member, home.id, own.id);
    const elsewhere = await requestExport(testApp.server, owner, other.id, 'household');

    // A member's own archive is theirs, not the token holder's.
    expect(
      (
        await request(testApp.server)
          .get(exportsUrl(home.id, `/${own.id}`))
          .set(token.auth)
      ).status,
    ).toBe(404);
    expect((await downloadExport(testApp.server, token, home.id, own.id)).status).toBe(404);
    // Another household: as for an outsider.
    expect(
      (await request(testApp.server).post(exportsUrl(other.id)).set(token.auth).send({})).status,
    ).toBe(404);
    expect(
      (
        await request(testApp.server)
          .get(exportsUrl(other.id, `/${elsewhere.id}`))
          .set(token.auth)
      ).status,
    ).toBe(404);
    // Listing exports is not part of what a token opens.
    expect((await request(testApp.server).get(exportsUrl(home.id)).set(token.auth)).status).toBe(
      401,
    );
    // A revoked token opens nothing.
    const listed = await request(testApp.server)
      .get(`/api/v1/households/${home.id}/migration-tokens`)
      .set(owner.auth)
      .expect(200);
    await request(testApp.server)
      .delete(`/api/v1/households/${home.id}/migration-tokens/${listed.body[0].id as string}`)
      .set(owner.auth)
      .expect(204);
    expect(
      (await request(testApp.server).post(exportsUrl(home.id)).set(token.auth).send({})).status,
    ).toBe(401);
  });
});
