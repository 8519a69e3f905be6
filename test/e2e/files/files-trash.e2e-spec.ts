import request from 'supertest';
import { ObjectStorage } from '@foyer/storage';
import { addMember } from '../../factories/household.factory';
import { createFolder, filesUrl, pathQuery, uploadFile } from '../../factories/file.factory';
import { createUser, TestUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { tenantQuery } from '../households/provisioning-helpers';
import { FilesFixture, ownerWithHousehold } from './files-fixture';

describe('files: trash (delete, list, restore, empty) and who may delete', () => {
  let testApp: TestApp;
  let fx: FilesFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
  });

  beforeEach(async () => {
    fx = await ownerWithHousehold(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const as = (user: TestUser) => ({
    trash: (path: string) =>
      request(testApp.server)
        .delete(filesUrl(fx.home.id, pathQuery(path)))
        .set(user.auth),
    listTrash: () => request(testApp.server).get(filesUrl(fx.home.id, '/trash')).set(user.auth),
    restore: (id: string) =>
      request(testApp.server)
        .post(filesUrl(fx.home.id, `/trash/${id}/restore`))
        .set(user.auth),
    empty: () => request(testApp.server).delete(filesUrl(fx.home.id, '/trash')).set(user.auth),
    list: (path: string) =>
      request(testApp.server)
        .get(filesUrl(fx.home.id, pathQuery(path)))
        .set(user.auth),
    usage: () => request(testApp.server).get(filesUrl(fx.home.id, '/usage')).set(user.auth),
  });

  async function blobCount(): Promise<number> {
    let count = 0;
    for await (const key of testApp.app
      .get(ObjectStorage)
      .listKeys(`foyer-hh-${fx.home.id}`, 'files/')) {
      if (key) count++;
    }
    return count;
  }

  it('moves to the trash, lists it there with its original path, and it still counts', async () => {
    const owner = as(fx.owner);
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/a.txt', 'aaaa');
    await createFolder(testApp, fx.owner, fx.home.id, '/Documents/Folder');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/Folder/b.txt', 'bb');
    expect((await owner.trash('/Documents/a.txt')).status).toBe(204);
    expect((await owner.trash('/Documents/Folder')).status).toBe(204);
    const names = (await owner.list('/Documents')).body.items.map(
      (item: { name: string }) => item.name,
    );
    expect(names).toEqual([]);
    const trash = await owner.listTrash();
    expect(trash.status).toBe(200);
    expect(trash.body).toEqual([
      expect.objectContaining({
        name: 'Folder',
        kind: 'folder',
        size: 2,
        originalPath: '/Documents/Folder',
      }),
      expect.objectContaining({
        name: 'a.txt',
        kind: 'file',
        size: 4,
        originalPath: '/Documents/a.txt',
      }),
    ]);
    expect((await owner.usage()).body.usedBytes).toBe(6);
    // The name is free again while the trashed one waits.
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/a.txt', 'new');
    expect((await owner.trash('/Documents/none')).body.code).toBe('NOT_FOUND');
    expect((await owner.trash('/')).body.code).toBe('INVALID_PATH');
    expect((await owner.trash('/Documents/..')).body.code).toBe('INVALID_NAME');
  });

  it('restores to the original place, or beside it under a free name', async () => {
    const owner = as(fx.owner);
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/report.pdf', 'v1');
    await owner.trash('/Documents/report.pdf');
    const [item] = (await owner.listTrash()).body;
    const restored = await owner.restore(item.id);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ path: '/Documents/report.pdf', name: 'report.pdf' });

    await owner.trash('/Documents/report.pdf');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/report.pdf', 'v2');
    const [again] = (await owner.listTrash()).body;
    const beside = await owner.restore(again.id);
    expect(beside.body).toMatchObject({ path: '/Documents/report (restored).pdf' });
    expect((await owner.listTrash()).body).toEqual([]);
    expect((await owner.restore(again.id)).status).toBe(404);
    expect((await owner.restore('not-a-uuid')).body.code).toBe('NOT_FOUND');
    expect((await owner.restore('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('restores to the root when its folder is itself in the trash', async () => {
    const owner = as(fx.owner);
    await createFolder(testApp, fx.owner, fx.home.id, '/Old');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Old/keep.txt', 'k');
    await owner.trash('/Old/keep.txt');
    await owner.trash('/Old');
    const keep = (await owner.listTrash()).body.find(
      (item: { name: string }) => item.name === 'keep.txt',
    );
    const restored = await owner.restore(keep.id);
    expect(restored.body.path).toBe('/keep.txt');
  });

  it('empties the trash: rows and blobs go, usage drops', async () => {
    const owner = as(fx.owner);
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/gone.txt', '12345');
    await createFolder(testApp, fx.owner, fx.home.id, '/Documents/Deep/er');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/Deep/er/x.txt', '123');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/stays.txt', '1');
    await owner.trash('/Documents/gone.txt');
    await owner.trash('/Documents/Deep');
    expect(await blobCount()).toBe(3);
    expect((await owner.empty()).status).toBe(204);
    expect((await owner.listTrash()).body).toEqual([]);
    expect((await owner.usage()).body.usedBytes).toBe(1);
    expect(await blobCount()).toBe(1);
    const rows = await tenantQuery(
      testApp.db,
      fx.home.id,
      `SELECT name FROM file_nodes WHERE kind = 'file'`,
    );
    expect(rows.map((row) => row.name)).toEqual(['stays.txt']);
  });

  it('lets a child delete only what they created (data.delete-others)', async () => {
    const child = await createUser(testApp, { verified: true });
    const adult = await createUser(testApp, { verified: true });
    await addMember(testApp, { id: fx.home.id }, child, 'child');
    await addMember(testApp, { id: fx.home.id }, adult, 'member');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Shared/parents.txt', 'p');
    await uploadFile(testApp, child, fx.home.id, '/Shared/mine.txt', 'c');
    await createFolder(testApp, child, fx.home.id, '/Shared/ChildFolder');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Shared/ChildFolder/parent-inside.txt', 'p');

    const refused = await as(child).trash('/Shared/parents.txt');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
    expect((await as(child).trash('/Shared/ChildFolder')).status).toBe(403);
    const overwrite = await request(testApp.server)
      .put(filesUrl(fx.home.id, `/content${pathQuery('/Shared/parents.txt')}`))
      .set(child.auth)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from('overwritten'));
    expect(overwrite.status).toBe(403);
    expect((await as(child).trash('/Shared/mine.txt')).status).toBe(204);
    // The trash holds only the child's own file: the child may empty it.
    expect((await as(child).empty()).status).toBe(204);

    expect((await as(adult).trash('/Shared/parents.txt')).status).toBe(204);
    expect((await as(child).empty()).status).toBe(403);
    expect((await as(adult).empty()).status).toBe(204);
  });

  it('lets a child move and rename only what they created, and copy anything', async () => {
    const child = await createUser(testApp, { verified: true });
    await addMember(testApp, { id: fx.home.id }, child, 'child');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Shared/parents.txt', 'p');
    await createFolder(testApp, child, fx.home.id, '/Shared/Mixed');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Shared/Mixed/parent-inside.txt', 'p');
    await uploadFile(testApp, child, fx.home.id, '/Shared/mine.txt', 'c');
    const move = (from: string, to: string) =>
      request(testApp.server)
        .post(filesUrl(fx.home.id, '/move'))
        .set(child.auth)
        .send({ from, to });

    const refused = await move('/Shared/parents.txt', '/Shared/renamed.txt');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('HOUSEHOLD_PERMISSION_DENIED');
    // A folder of theirs holding someone else's file moves only with it: not at all.
    expect((await move('/Shared/Mixed', '/Mixed')).status).toBe(403);
    const names = await tenantQuery(
      testApp.db,
      fx.home.id,
      `SELECT name FROM file_nodes WHERE name IN ('parents.txt', 'Mixed', 'renamed.txt')`,
    );
    expect(names.map((row) => row.name).sort()).toEqual(['Mixed', 'parents.txt']);

    expect((await move('/Shared/mine.txt', '/Shared/still-mine.txt')).status).toBe(200);
    const copied = await request(testApp.server)
      .post(filesUrl(fx.home.id, '/copy'))
      .set(child.auth)
      .send({ from: '/Shared/parents.txt', to: '/Shared/my-copy.txt' });
    expect(copied.status).toBe(201);
    expect((await move('/Shared/my-copy.txt', '/my-copy.txt')).status).toBe(200);
  });
});
