import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { MigrationSourceClient } from '../../../apps/cli/src/migrate/migration-source-client';
import { downloadResumable } from '../../../apps/cli/src/migrate/resumable-download';
import { createFolder, uploadFile } from '../../factories/file.factory';
import { addMember } from '../../factories/household.factory';
import { ownerQuery } from '../../factories/owner-sql';
import { createUser, TestUser } from '../../factories/user.factory';
import { waitForMail } from '../../harness/mailbox';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createActiveHousehold } from '../households/provisioning-helpers';
import { foyer, targetEnvironment } from './cli-helpers';
import { downloadArchive } from '../exports/export-helpers';
import { exportHousehold, fileEntries } from './import-helpers';

describe('foyer migrate: from one Foyer to another', () => {
  let source: TestApp;
  let target: TestApp;
  let sourceUrl: string;
  let owner: TestUser;
  let member: TestUser;
  let work: string;

  beforeAll(async () => {
    source = await createTestApp({ FOYER_PUBLIC_URL: 'http://source.test' });
    await source.app.listen(0, '127.0.0.1');
    sourceUrl = `http://127.0.0.1:${(source.server.address() as AddressInfo).port}`;
    owner = await createUser(source, { verified: true, displayName: 'Owner' });
    member = await createUser(source, { verified: true, displayName: 'Member' });
    // After the source's sign-ins: passport's strategies are process-wide, so once a second
    // application exists, password logins reach the last one created (the target).
    target = await createTestApp({ FOYER_PUBLIC_URL: 'http://target.test' });
    work = mkdtempSync(path.join(tmpdir(), 'foyer-migrate-'));
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('pulls the export, imports it, and marks the source household moved', async () => {
    const home = await createActiveHousehold(source.server, owner, 'The Migrants');
    await addMember(source, home, member, 'member');
    await createFolder(source, owner, home.id, '/Photos/Summer');
    await uploadFile(source, owner, home.id, '/Photos/Summer/beach 🏖.jpg', Buffer.alloc(70_000, 7));
    await uploadFile(source, member, home.id, '/notes.txt', 'hello from the source');
    await createFolder(source, owner, home.id, '/Empty');
    const before = await exportHousehold(source, home.id, path.join(work, 'source.zip'));

    // The target already knows the member (same email); the owner is new there.
    await createUser(target, { verified: true, email: member.email, displayName: 'Member here' });

    // What the owner gets on the source: a migration token and the command to run with it.
    const created = await request(source.server)
      .post(`/api/v1/households/${home.id}/migration-tokens`)
      .set(owner.auth)
      .expect(201);
    expect(created.body.command).toContain(`--token ${created.body.token as string}`);
    const run = await foyer(
      ['migrate', '--from', sourceUrl, '--token', created.body.token, '--poll-ms', '50'],
      targetEnvironment(target),
    );
    expect(run.stderr).not.toContain('Import failed');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported "The Migrants" as the-migrants');
    expect(run.stdout).toContain('1 matched to existing accounts, 1 new');
    expect(run.stderr).toContain('Downloading');

    const [imported] = await ownerQuery<{ id: string; slug: string }>(
      target.db,
      `SELECT id, slug FROM households WHERE slug = 'the-migrants'`,
    );
    expect(imported).toBeDefined();
    const after = await exportHousehold(target, imported.id, path.join(work, 'target.zip'));
    expect(fileEntries(after)).toEqual(fileEntries(before));

    const moved = await request(source.server).get(`/api/v1/households/${home.id}`).set(owner.auth);
    expect(moved.body.movedTo).toBe('http://target.test/h/the-migrants');

    // The owner, new on the target, learns where the household went and from where.
    const mail = await waitForMail(owner.email, { subject: /has moved/ });
    expect(mail.subject).toBe('"The Migrants" has moved to a new Foyer: choose your password');
    expect(mail.text).toContain(
      `moved the household "The Migrants" from ${sourceUrl} to this Foyer, at http://target.test`,
    );
    expect(mail.text).toContain('for 7 days');
    expect(
      mail.links.some((link) => link.startsWith('http://target.test/reset-password?token=')),
    ).toBe(true);
  });

  it('resumes a download from a partial file with a Range request', async () => {
    const home = await createActiveHousehold(source.server, owner, 'Resumers');
    await uploadFile(source, owner, home.id, '/big.bin', Buffer.alloc(300_000, 3));
    const asked = await request(source.server)
      .post(`/api/v1/households/${home.id}/exports`)
      .set(owner.auth)
      .send({ scope: 'household' });
    expect(asked.status).toBe(202);
    let ready: { status: string; size: number; sha256: string } | undefined;
    for (let i = 0; i < 400 && ready?.status !== 'ready'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ready = (
        await request(source.server)
          .get(`/api/v1/households/${home.id}/exports/${asked.body.id}`)
          .set(owner.auth)
      ).body;
    }
    expect(ready?.status).toBe('ready');
    const whole = await downloadArchive(source.server, owner, home.id, asked.body.id);
    const file = path.join(work, 'resumed.zip');
    const kept = 123_456;
    writeFileSync(`${file}.part`, whole.subarray(0, kept));
    const client = new MigrationSourceClient(sourceUrl, owner.accessToken);
    let firstReported = -1;
    await downloadResumable(
      client,
      `/api/v1/households/${home.id}/exports/${asked.body.id}/download`,
      { file, size: ready!.size, sha256: ready!.sha256 },
      (done) => {
        if (firstReported < 0) firstReported = done;
      },
    );
    expect(firstReported).toBe(kept);
    const downloaded = readFileSync(file);
    expect(downloaded.length).toBe(ready!.size);
    expect(createHash('sha256').update(downloaded).digest('hex')).toBe(ready!.sha256);

    // A partial file that does not match the archive is caught by the hash, and deleted.
    const bad = path.join(work, 'bad.zip');
    writeFileSync(`${bad}.part`, Buffer.alloc(kept, 9));
    await expect(
      downloadResumable(
        client,
        `/api/v1/households/${home.id}/exports/${asked.body.id}/download`,
        { file: bad, size: ready!.size, sha256: ready!.sha256 },
        () => undefined,
      ),
    ).rejects.toThrow(/SHA-256/);
  });

  it('fails with a clear message and a non-zero exit when the token is refused', async () => {
    const run = await foyer(
      [
        'migrate',
        '--from',
        sourceUrl,
        '--token',
        'foyer-mig_nope',
        '--household',
        'whatever',
        '--poll-ms',
        '50',
      ],
      targetEnvironment(target),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The source refused .*HTTP 401/);
  });
});
