import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import type { ImportReport } from '@foyer/imports';
import { ObjectStorage } from '@foyer/storage';
import { addMember } from '../../factories/household.factory';
import { createFolder, filesUrl, pathQuery, uploadFile } from '../../factories/file.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, signIn, TestUser } from '../../factories/user.factory';
import { waitForMail } from '../../harness/mailbox';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createActiveHousehold, tenantQuery, until } from '../households/provisioning-helpers';
import { exportHousehold, fileEntries, waitForImport } from './import-helpers';

describe('POST /api/v1/imports: export → import → export', () => {
  let testApp: TestApp;
  let admin: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let work: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    admin = await createUser(testApp, { verified: true, displayName: 'Ada' });
    bob = await createUser(testApp, { verified: true, displayName: 'Bob' });
    carol = await createUser(testApp, { verified: true, displayName: 'Carol' });
    work = mkdtempSync(path.join(tmpdir(), 'foyer-import-'));
  });
  afterAll(async () => {
    await testApp?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('restores files, mtimes, trash, members and roles into a new household, with a suffixed slug', async () => {
    const home = await createActiveHousehold(testApp.server, admin, 'The Martins');
    await addMember(testApp, home, bob, 'admin');
    await addMember(testApp, home, carol, 'child');
    const names = [
      '/Documents/taxes 2025.pdf',
      '/Documents/Café — notes.txt',
      '/Documents/e\u0301te\u0301 (NFD).txt',
      '/Photos/🏠 home.jpg',
      '/Photos/2024/deep/deeper/leaf.bin',
      '/empty.txt',
    ];
    await createFolder(testApp, admin, home.id, '/Photos/2024/deep/deeper');
    for (const [index, name] of names.entries()) {
      await uploadFile(
        testApp,
        index % 2 ? bob : admin,
        home.id,
        name,
        name === '/empty.txt' ? '' : `content of ${name}`,
      );
    }
    await createFolder(testApp, admin, home.id, '/Empty folder/inside');
    await uploadFile(testApp, admin, home.id, '/Documents/old draft.txt', 'gone soon');
    const trashed = await request(testApp.server)
      .delete(filesUrl(home.id, pathQuery('/Documents/old draft.txt')))
      .set(admin.auth);
    expect([200, 204]).toContain(trashed.status);
    await tenantQuery(
      testApp.db,
      home.id,
      `UPDATE file_nodes SET modified_at = '2001-02-03T04:05:06Z' WHERE name = 'taxes 2025.pdf'`,
    );
    await ownerQuery(
      testApp.db,
      `UPDATE households SET settings = '{"locale":"fr","storageQuotaBytes":999999999}' WHERE id = $1`,
      [home.id],
    );

    const first = path.join(work, 'first.zip');
    const before = await exportHousehold(testApp, home.id, first);

    // Carol has no account on "this" instance any more: she must be created and mailed, in the
    // language of the person who imports (the archive does not say hers).
    await ownerQuery(testApp.db, 'DELETE FROM users WHERE id = $1', [carol.id]);
    await request(testApp.server).patch('/api/v1/me').set(admin.auth).send({ language: 'fr' });

    const posted = await request(testApp.server)
      .post('/api/v1/imports')
      .set(admin.auth)
      .set('Content-Type', 'application/zip')
      .send(readFileSync(first));
    expect(posted.status).toBe(202);
    expect(posted.body).toEqual({ id: expect.any(String), status: 'validating' });
    const done = await waitForImport(testApp.server, admin, posted.body.id as string);
    expect(done.error).toBeNull();
    expect(done.status).toBe('done');
    const report = done.report as ImportReport;
    expect(report.household.slug).toBe('the-martins-2');
    expect(report.slugChanged).toBe(true);
    expect(report.members).toMatchObject({ total: 3, matched: 2, created: 1 });
    expect(report.members.list).toEqual(
      expect.arrayContaining([
        { email: carol.email, role: 'child', account: 'created' },
        { email: bob.email, role: 'admin', account: 'matched' },
        { email: admin.email, role: 'owner', account: 'matched' },
      ]),
    );
    expect(report.restored.files).toBeGreaterThanOrEqual(names.length + 1);
    expect(report.skipped).toEqual([]);
    expect(done.progress).toMatchObject({ phase: 'done' });
    // The uploaded archive and its work copy go once the import is finished (the job removes
    // them right after recording the outcome, so they may outlive the answer by a moment).
    const storage = testApp.app.get(ObjectStorage);
    const workCopy = path.join(testApp.config.dataDir, 'imports', `${done.id}.zip`);
    await until(
      async () =>
        (await storage.statObject('foyer-imports', done.id)) === undefined && !existsSync(workCopy),
      'the uploaded archive and its work copy to be removed',
    );

    const newId = report.household.id;
    const second = path.join(work, 'second.zip');
    const after = await exportHousehold(testApp, newId, second);
    expect(fileEntries(after)).toEqual(fileEntries(before));
    // Contacts and calendars (the seeded Family collections) come back byte for byte.
    const pim = (manifest: typeof before) =>
      manifest.entries
        .filter((entry) => /^(contacts|calendars)\/./.test(entry.path))
        .map((entry) => `${entry.path} ${entry.size} ${entry.sha256}`)
        .sort();
    expect(pim(before).length).toBeGreaterThan(0);
    expect(pim(after)).toEqual(pim(before));
    expect(Object.keys(report.restored).sort()).toEqual(Object.keys(before.sections).sort());
    expect(fileEntries(after).some((line) => line.includes('2001-02-03T04:05:06'))).toBe(true);
    expect(fileEntries(after).some((line) => line.startsWith('file trash/'))).toBe(true);
    expect(
      fileEntries(after).some((line) => line.startsWith('folder files/Empty folder/inside/')),
    ).toBe(true);

    const members = await request(testApp.server)
      .get(`/api/v1/households/${newId}/members`)
      .set(bob.auth);
    expect(members.status).toBe(200);
    const roles = (members.body as { email: string; role: string }[])
      .map((member) => `${member.email} ${member.role}`)
      .sort();
    expect(roles).toEqual(
      [`${admin.email} owner`, `${bob.email} admin`, `${carol.email} child`].sort(),
    );
    const [settings] = await ownerQuery<{ settings: Record<string, unknown> }>(
      testApp.db,
      'SELECT settings FROM households WHERE id = $1',
      [newId],
    );
    expect(settings.settings).toEqual({ locale: 'fr' });
    const audit = await tenantQuery<{ action: string }>(
      testApp.db,
      newId,
      'SELECT action FROM audit_events ORDER BY occurred_at',
    );
    expect(audit.map((event) => event.action)).toContain('household.created');
    expect(audit[audit.length - 1].action).toBe('household.imported');

    // Carol's new account: unverified, mailed (in French) what happened, with a link that sets
    // her password and lasts a week.
    const mail = await waitForMail(carol.email, { subject: /déménagé/ });
    expect(mail.subject).toBe(
      '« The Martins » a déménagé sur un nouveau Foyer : choisissez votre mot de passe',
    );
    expect(mail.text).toContain('Bonjour Carol,');
    expect(mail.text).toContain('Ada a déménagé le foyer « The Martins » vers ce Foyer');
    expect(mail.text).toContain('depuis une archive d’export');
    expect(mail.text).toContain('pendant 7 jours');
    expect(mail.text).not.toMatch(/a demandé à réinitialiser/);
    const [token7] = await ownerQuery<{ days: number }>(
      testApp.db,
      `SELECT extract(epoch FROM t.expires_at - t.created_at) / 86400 AS days
         FROM auth_tokens t JOIN users u ON u.id = t.user_id
        WHERE u.email = $1 AND t.purpose = 'password_reset'`,
      [carol.email],
    );
    expect(Number(token7.days)).toBeCloseTo(7, 3);
    const link = mail.links.find((url) => url.includes('token='));
    expect(link).toBeDefined();
    const token = new URL(link as string).searchParams.get('token');
    const password = 'Hearth-carol-new-password-1';
    const confirm = await request(testApp.server)
      .post('/api/v1/auth/password-reset/confirm')
      .send({ token, password });
    expect(confirm.status).toBeLessThan(300);
    const carolAgain = await signIn(testApp.server, carol.email, password);
    const me = await request(testApp.server).get('/api/v1/me').set(carolAgain.auth);
    expect(me.body.memberships).toEqual([
      expect.objectContaining({ householdId: newId, slug: 'the-martins-2', role: 'child' }),
    ]);
  });

  it('refuses everyone but an instance administrator, and unknown imports', async () => {
    const refused = await request(testApp.server)
      .post('/api/v1/imports')
      .set(bob.auth)
      .set('Content-Type', 'application/zip')
      .send(Buffer.from('PK'));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('NOT_INSTANCE_ADMIN');
    const missing = await request(testApp.server)
      .get('/api/v1/imports/6b1f2b57-3f2c-4b8e-9d7a-0c1d2e3f4a5b')
      .set(admin.auth);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('IMPORT_NOT_FOUND');
    const json = await request(testApp.server)
      .post('/api/v1/imports')
      .set(admin.auth)
      .send({ archive: 'no' });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('IMPORT_UNSUPPORTED_MEDIA_TYPE');
    const empty = await request(testApp.server)
      .post('/api/v1/imports')
      .set(admin.auth)
      .set('Content-Type', 'application/zip')
      .send(Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('IMPORT_EMPTY_ARCHIVE');
    const owner = await request(testApp.server)
      .post('/api/v1/imports?owner=not-an-email')
      .set(admin.auth)
      .set('Content-Type', 'application/zip')
      .send(Buffer.from('PK'));
    expect(owner.status).toBe(400);
    expect(owner.body.code).toBe('IMPORT_INVALID_OWNER');
  });
});
