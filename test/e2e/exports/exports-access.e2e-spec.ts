import request from 'supertest';
import { ObjectStorage } from '@foyer/storage';
import { addMember } from '../../factories/household.factory';
import { createFolder, uploadFile } from '../../factories/file.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { ExportExpiryJobs } from '../../../libs/exports/src/jobs/export-expiry.jobs';
import { FilesFixture, ownerWithHousehold } from '../files/files-fixture';
import { tenantQuery } from '../households/provisioning-helpers';
import {
  downloadExport,
  entryText,
  exportsUrl,
  ExportView,
  readZip,
  requestExport,
  waitForExport,
} from './export-helpers';

describe('exports: who may export what, who sees which export, expiry', () => {
  let testApp: TestApp;
  let fx: FilesFixture;
  let admin: TestUser;
  let member: TestUser;
  let child: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  beforeEach(async () => {
    fx = await ownerWithHousehold(testApp, 'Access home');
    admin = await createUser(testApp, { verified: true, displayName: 'Admin' });
    member = await createUser(testApp, { verified: true, displayName: 'Member' });
    child = await createUser(testApp, { verified: true, displayName: 'Child' });
    await addMember(testApp, fx.home, admin, 'admin');
    await addMember(testApp, fx.home, member, 'member');
    await addMember(testApp, fx.home, child, 'child');
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('refuses the whole household to members and children (403), and 400 for an unknown scope', async () => {
    for (const user of [member, child]) {
      const refused = await request(testApp.server)
        .post(exportsUrl(fx.home.id))
        .set(user.auth)
        .send({ scope: 'household' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
    }
    const wrong = await request(testApp.server)
      .post(exportsUrl(fx.home.id))
      .set(fx.owner.auth)
      .send({ scope: 'everything' });
    expect(wrong.status).toBe(400);
    const none = await request(testApp.server).get(exportsUrl(fx.home.id)).set(fx.owner.auth);
    expect(none.body).toEqual([]);
  });

  it('gives a member what is theirs: their files, their membership, no audit log', async () => {
    await createFolder(testApp, fx.owner, fx.home.id, '/Common');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Common/owners.txt', 'owner');
    await uploadFile(testApp, member, fx.home.id, '/Common/mine.txt', 'mine');
    await createFolder(testApp, member, fx.home.id, '/Common/My folder');
    await uploadFile(testApp, member, fx.home.id, '/Documents/trashed-mine.txt', 'gone');
    await request(testApp.server)
      .delete(
        `/api/v1/households/${fx.home.id}/files?path=${encodeURIComponent('/Documents/trashed-mine.txt')}`,
      )
      .set(member.auth)
      .expect(204);

    const { id, status } = await requestExport(testApp.server, member, fx.home.id);
    expect(status).toBe('queued');
    const view = await waitForExport(testApp.server, member, fx.home.id, id);
    expect(view.scope).toBe('member');
    const archive = await downloadExport(testApp.server, member, fx.home.id, id);
    expect(archive.status).toBe(200);
    const entries = await readZip(archive.body);
    const paths = entries.map((entry) => entry.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'files/Common/mine.txt',
        'files/Common/My folder/',
        'trash/Documents/trashed-mine.txt',
      ]),
    );
    expect(paths).not.toContain('files/Common/owners.txt');
    expect(paths).not.toContain('files/Common/');
    expect(paths).not.toContain('files/Documents/');
    expect(paths).not.toContain('audit.jsonl');
    const members = JSON.parse(entryText(entries, 'members.json')) as { id: string }[];
    expect(members.map((entry) => entry.id)).toEqual([member.id]);
    const household = JSON.parse(entryText(entries, 'household.json')) as Record<string, unknown>;
    expect(Object.keys(household).sort()).toEqual(['id', 'name', 'slug']);
    const manifest = JSON.parse(entryText(entries, 'manifest.json')) as {
      scope: { kind: string; userId: string };
    };
    expect(manifest.scope).toEqual({ kind: 'member', userId: member.id });
  });

  it('shows each member only their own exports; owners and admins see all; 404 elsewhere', async () => {
    const mine = await requestExport(testApp.server, member, fx.home.id);
    const childs = await requestExport(testApp.server, child, fx.home.id);
    const owners = await requestExport(testApp.server, fx.owner, fx.home.id);
    for (const [user, id] of [
      [member, mine.id],
      [child, childs.id],
      [fx.owner, owners.id],
    ] as const) {
      await waitForExport(testApp.server, user, fx.home.id, id);
    }

    const listed = async (user: TestUser): Promise<string[]> => {
      const response = await request(testApp.server).get(exportsUrl(fx.home.id)).set(user.auth);
      expect(response.status).toBe(200);
      return (response.body as ExportView[]).map((view) => view.id).sort();
    };
    expect(await listed(member)).toEqual([mine.id]);
    expect(await listed(child)).toEqual([childs.id]);
    expect(await listed(admin)).toEqual([mine.id, childs.id, owners.id].sort());

    // Someone else's export is not there, as far as a member can tell.
    for (const path of [`/${owners.id}`, `/${childs.id}`, `/${owners.id}/download`]) {
      const hidden = await request(testApp.server)
        .get(exportsUrl(fx.home.id, path))
        .set(member.auth);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('EXPORT_NOT_FOUND');
    }
    const seenByAdmin = await request(testApp.server)
      .get(exportsUrl(fx.home.id, `/${mine.id}`))
      .set(admin.auth);
    expect(seenByAdmin.status).toBe(200);
    expect(seenByAdmin.body.requestedBy).toBe(member.id);

    // Another household's export, through my household: 404; through theirs, not a member: 404.
    const other = await ownerWithHousehold(testApp, 'Other home');
    const theirs = await requestExport(testApp.server, other.owner, other.home.id);
    await waitForExport(testApp.server, other.owner, other.home.id, theirs.id);
    const crossed = await request(testApp.server)
      .get(exportsUrl(fx.home.id, `/${theirs.id}/download`))
      .set(fx.owner.auth);
    expect(crossed.status).toBe(404);
    expect(crossed.body.code).toBe('EXPORT_NOT_FOUND');
    const outsider = await request(testApp.server)
      .get(exportsUrl(other.home.id, `/${theirs.id}`))
      .set(fx.owner.auth);
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('HOUSEHOLD_NOT_FOUND');
    const notAnId = await request(testApp.server)
      .get(exportsUrl(fx.home.id, '/not-an-id'))
      .set(fx.owner.auth);
    expect(notAnId.status).toBe(404);
  });

  it('answers the same export while one is in flight, and 409 before it is ready', async () => {
    const first = await requestExport(testApp.server, fx.owner, fx.home.id);
    const again = await requestExport(testApp.server, fx.owner, fx.home.id);
    const view = await waitForExport(testApp.server, fx.owner, fx.home.id, first.id, {
      until: ['queued', 'running', 'ready'],
    });
    if (view.status !== 'ready') {
      expect(again.id).toBe(first.id);
      const early = await request(testApp.server)
        .get(exportsUrl(fx.home.id, `/${first.id}/download`))
        .set(fx.owner.auth);
      expect([409, 200]).toContain(early.status);
      if (early.status === 409) expect(early.body.code).toBe('EXPORT_NOT_READY');
    }
    await waitForExport(testApp.server, fx.owner, fx.home.id, first.id);
    const later = await requestExport(testApp.server, fx.owner, fx.home.id);
    expect(later.id).not.toBe(first.id);
    await waitForExport(testApp.server, fx.owner, fx.home.id, later.id);
  });

  it('deletes expired archives (object and status), and the download then answers 410', async () => {
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/a.txt', 'a');
    const { id } = await requestExport(testApp.server, fx.owner, fx.home.id);
    await waitForExport(testApp.server, fx.owner, fx.home.id, id);
    const keep = await requestExport(testApp.server, member, fx.home.id);
    await waitForExport(testApp.server, member, fx.home.id, keep.id);
    const [row] = await tenantQuery<{ object_key: string }>(
      testApp.db,
      fx.home.id,
      `UPDATE exports SET expires_at = now() - interval '1 minute' WHERE id = $1
       RETURNING object_key`,
      [id],
    );
    const storage = testApp.app.get(ObjectStorage);
    const bucket = `foyer-hh-${fx.home.id}`;
    expect(await storage.statObject(bucket, row.object_key)).toBeDefined();

    const expired = await testApp.app.get(ExportExpiryJobs).expireAll();
    expect(expired).toBeGreaterThanOrEqual(1);
    expect(await storage.statObject(bucket, row.object_key)).toBeUndefined();
    const view = await request(testApp.server)
      .get(exportsUrl(fx.home.id, `/${id}`))
      .set(fx.owner.auth);
    expect(view.body.status).toBe('expired');
    const gone = await request(testApp.server)
      .get(exportsUrl(fx.home.id, `/${id}/download`))
      .set(fx.owner.auth);
    expect(gone.status).toBe(410);
    expect(gone.body.code).toBe('EXPORT_EXPIRED');
    // The one not yet due is untouched.
    const kept = await downloadExport(testApp.server, member, fx.home.id, keep.id);
    expect(kept.status).toBe(200);
    // A second sweep finds nothing more.
    await testApp.app.get(ExportExpiryJobs).expireAll();
    expect((await downloadExport(testApp.server, member, fx.home.id, keep.id)).status).toBe(200);
  });
});
