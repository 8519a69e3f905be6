import request from 'supertest';
import { addMember } from '../../factories/household.factory';
import { createFolder, filesUrl, pathQuery, uploadFile } from '../../factories/file.factory';
import { createUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { FilesFixture, ownerWithHousehold } from './files-fixture';

describe('files: the tree (list, folders, move, copy)', () => {
  let testApp: TestApp;
  let fx: FilesFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await ownerWithHousehold(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const list = (path: string, extra = '') =>
    request(testApp.server)
      .get(filesUrl(fx.home.id, `${pathQuery(path)}${extra}`))
      .set(fx.owner.auth);

  it('lists the default folders at the root, by id and by slug', async () => {
    for (const hid of [fx.home.id, fx.home.slug]) {
      const response = await request(testApp.server).get(filesUrl(hid)).set(fx.owner.auth);
      expect(response.status).toBe(200);
      expect(response.body.path).toBe('/');
      const names = response.body.items.map((item: { name: string }) => item.name);
      expect(names).toEqual(expect.arrayContaining(['Documents', 'Photos', 'Shared']));
      expect(response.body.items[0]).toMatchObject({
        kind: 'folder',
        size: 0,
        etag: expect.any(String),
      });
    }
  });

  it('sorts folders first, then by name, and pages', async () => {
    await createFolder(testApp, fx.owner, fx.home.id, '/Sorted/b-folder');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Sorted/a.txt', 'aaa');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Sorted/c.txt', 'c');
    await createFolder(testApp, fx.owner, fx.home.id, '/Sorted/z-folder');
    const all = await list('/Sorted');
    expect(all.status).toBe(200);
    expect(all.body.items.map((item: { name: string }) => item.name)).toEqual([
      'b-folder',
      'z-folder',
      'a.txt',
      'c.txt',
    ]);
    expect(all.body.items[2]).toMatchObject({ path: '/Sorted/a.txt', size: 3, kind: 'file' });
    expect(all.body.total).toBe(4);
    const page = await list('/Sorted', '&limit=2&offset=1');
    expect(page.body.items.map((item: { name: string }) => item.name)).toEqual([
      'z-folder',
      'a.txt',
    ]);
    expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
    const bad = await list('/Sorted', '&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses listing what is not there, or a file', async () => {
    const missing = await list('/Nowhere');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/plain.txt', 'x');
    const file = await list('/Documents/plain.txt');
    expect(file.status).toBe(409);
    expect(file.body.code).toBe('NOT_A_FOLDER');
    const through = await list('/Documents/plain.txt/below');
    expect(through.status).toBe(409);
    expect(through.body.code).toBe('NOT_A_FOLDER');
  });

  it.each([
    ['a relative path', 'Documents', 'INVALID_PATH'],
    ['dot dot', '/Documents/..', 'INVALID_NAME'],
    ['dot dot in the middle', '/Documents/../Photos', 'INVALID_NAME'],
    ['a single dot', '/./Documents', 'INVALID_NAME'],
    ['NUL', '/Documents/a\u0000b', 'NUL_CHARACTER'],
    ['a control character', '/Documents/a\u0007b', 'INVALID_NAME'],
    ['an empty segment', '/Documents//a', 'INVALID_NAME'],
    ['a name over 255 bytes', `/${'é'.repeat(128)}`, 'INVALID_NAME'],
  ])('refuses %s in a path', async (_label, path, code) => {
    const response = await list(path);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
    const folder = await request(testApp.server)
      .post(filesUrl(fx.home.id, '/folders'))
      .set(fx.owner.auth)
      .send({ path: `${path}/x` });
    expect(folder.status).toBe(400);
  });

  it('decodes percent-encoded traversal before checking it (%2e%2e, %00)', async () => {
    for (const [raw, code] of [
      ['/Documents/%2e%2e', 'INVALID_NAME'],
      ['/%2E%2E/etc', 'INVALID_NAME'],
      ['/a%00b', 'NUL_CHARACTER'],
    ]) {
      const response = await request(testApp.server)
        .get(filesUrl(fx.home.id, `?path=${raw}`))
        .set(fx.owner.auth);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe(code);
    }
    const twice = await request(testApp.server)
      .get(filesUrl(fx.home.id, `?path=${encodeURIComponent('/%2e%2e')}`))
      .set(fx.owner.auth);
    // Decoded once, "%2e%2e" is a plain (odd) name, which does not exist.
    expect(twice.status).toBe(404);
  });

  it('creates folders with their parents, NFC-normalised', async () => {
    const created = await createFolder(testApp, fx.owner, fx.home.id, '/Deep/er/Cafe\u0301');
    expect(created).toMatchObject({
      name: 'Caf\u00e9',
      path: '/Deep/er/Caf\u00e9',
      kind: 'folder',
    });
    const listed = await list('/Deep/er/Caf\u00e9');
    expect(listed.status).toBe(200);
    const again = await request(testApp.server)
      .post(filesUrl(fx.home.id, '/folders'))
      .set(fx.owner.auth)
      .send({ path: '/Deep/er/Caf\u00e9' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NAME_TAKEN');
    await uploadFile(testApp, fx.owner, fx.home.id, '/Deep/file', 'x');
    const underFile = await request(testApp.server)
      .post(filesUrl(fx.home.id, '/folders'))
      .set(fx.owner.auth)
      .send({ path: '/Deep/file/sub' });
    expect(underFile.status).toBe(409);
    expect(underFile.body.code).toBe('NOT_A_FOLDER');
    const root = await request(testApp.server)
      .post(filesUrl(fx.home.id, '/folders'))
      .set(fx.owner.auth)
      .send({ path: '/' });
    expect(root.status).toBe(400);
    expect(root.body.code).toBe('INVALID_PATH');
    const slash = await request(testApp.server)
      .post(filesUrl(fx.home.id, '/folders'))
      .set(fx.owner.auth)
      .send({ path: 42 });
    expect(slash.status).toBe(400);
    expect(slash.body.code).toBe('VALIDATION_FAILED');
  });

  describe('move', () => {
    const move = (from: unknown, to: unknown) =>
      request(testApp.server)
        .post(filesUrl(fx.home.id, '/move'))
        .set(fx.owner.auth)
        .send({ from, to });

    it('renames and moves files and folders, keeping their content and etag', async () => {
      const file = await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/m1.txt', 'move me');
      const renamed = await move('/Documents/m1.txt', '/Documents/m2.txt');
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({
        id: file.id,
        path: '/Documents/m2.txt',
        etag: file.etag,
      });
      await createFolder(testApp, fx.owner, fx.home.id, '/MoveA/inner');
      const moved = await move('/MoveA', '/Photos/MoveB');
      expect(moved.status).toBe(200);
      expect((await list('/Photos/MoveB/inner')).status).toBe(200);
      expect((await list('/MoveA')).status).toBe(404);
      const same = await move('/Documents/m2.txt', '/Documents/m2.txt');
      expect(same.status).toBe(200);
    });

    it('refuses a taken name, a missing source or folder, and bad names', async () => {
      await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/x1', '1');
      await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/x2', '2');
      expect((await move('/Documents/x1', '/Documents/x2')).body.code).toBe('NAME_TAKEN');
      expect((await move('/Documents/none', '/Documents/x3')).body.code).toBe('NOT_FOUND');
      expect((await move('/Documents/x1', '/Nowhere/x1')).body.code).toBe('NOT_FOUND');
      expect((await move('/Documents/x1', '/Documents/x2/x1')).body.code).toBe('NOT_A_FOLDER');
      expect((await move('/Documents/x1', '/Documents/..')).body.code).toBe('INVALID_NAME');
      expect((await move('/Documents/x1', '/')).body.code).toBe('INVALID_PATH');
      expect((await move('/', '/Documents/root')).body.code).toBe('INVALID_PATH');
      expect((await move('/Documents/x1', 'relative')).body.code).toBe('INVALID_PATH');
      expect((await move('/Documents/x1', undefined)).body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses moving a folder into itself or below itself', async () => {
      await createFolder(testApp, fx.owner, fx.home.id, '/Loop/child/grandchild');
      for (const to of ['/Loop/Loop', '/Loop/child/Loop', '/Loop/child/grandchild/Loop']) {
        const response = await move('/Loop', to);
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('INVALID_MOVE');
      }
    });
  });

  describe('copy', () => {
    const copy = (from: string, to: string) =>
      request(testApp.server)
        .post(filesUrl(fx.home.id, '/copy'))
        .set(fx.owner.auth)
        .send({ from, to });

    it('copies a file on the server: same bytes, new id, new blob', async () => {
      const original = await uploadFile(
        testApp,
        fx.owner,
        fx.home.id,
        '/Documents/c1.txt',
        'copy me',
      );
      const response = await copy('/Documents/c1.txt', '/Shared/c1 copy.txt');
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        path: '/Shared/c1 copy.txt',
        size: 7,
        sha256: original.sha256,
      });
      expect(response.body.id).not.toBe(original.id);
      expect(response.body.etag).not.toBe(original.etag);
      const bytes = await request(testApp.server)
        .get(filesUrl(fx.home.id, `/content${pathQuery('/Shared/c1 copy.txt')}`))
        .set(fx.owner.auth)
        .buffer(true);
      expect(String(bytes.body instanceof Buffer ? bytes.body : bytes.text)).toBe('copy me');
    });

    it('copies a folder with everything live in it', async () => {
      await createFolder(testApp, fx.owner, fx.home.id, '/Album/sub');
      await uploadFile(testApp, fx.owner, fx.home.id, '/Album/one.jpg', '1');
      await uploadFile(testApp, fx.owner, fx.home.id, '/Album/sub/two.jpg', '22');
      await uploadFile(testApp, fx.owner, fx.home.id, '/Album/gone.jpg', '333');
      await request(testApp.server)
        .delete(filesUrl(fx.home.id, pathQuery('/Album/gone.jpg')))
        .set(fx.owner.auth)
        .expect(204);
      const response = await copy('/Album', '/Album 2');
      expect(response.status).toBe(201);
      const top = await list('/Album 2');
      expect(top.body.items.map((item: { name: string }) => item.name)).toEqual(['sub', 'one.jpg']);
      expect((await list('/Album 2/sub')).body.items[0]).toMatchObject({
        name: 'two.jpg',
        size: 2,
      });
    });

    it('refuses a taken target, a missing source and copying a folder into itself', async () => {
      await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/k1', '1');
      expect((await copy('/Documents/k1', '/Documents/k1')).body.code).toBe('NAME_TAKEN');
      expect((await copy('/Documents/none', '/Documents/k2')).body.code).toBe('NOT_FOUND');
      await createFolder(testApp, fx.owner, fx.home.id, '/CopyLoop');
      expect((await copy('/CopyLoop', '/CopyLoop/inside')).body.code).toBe('INVALID_MOVE');
    });
  });

  it("answers 404 for another household's files, whatever the route", async () => {
    const outsider = await createUser(testApp, { verified: true });
    const routes = [
      request(testApp.server).get(filesUrl(fx.home.id)),
      request(testApp.server).get(
        filesUrl(fx.home.id, `/content${pathQuery('/Documents/plain.txt')}`),
      ),
      request(testApp.server)
        .put(filesUrl(fx.home.id, `/content${pathQuery('/Documents/evil.txt')}`))
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from('evil')),
      request(testApp.server).post(filesUrl(fx.home.id, '/folders')).send({ path: '/Evil' }),
      request(testApp.server)
        .post(filesUrl(fx.home.id, '/move'))
        .send({ from: '/Documents', to: '/X' }),
      request(testApp.server).delete(filesUrl(fx.home.id, pathQuery('/Documents'))),
      request(testApp.server).get(filesUrl(fx.home.slug, '/trash')),
      request(testApp.server).delete(filesUrl(fx.home.id, '/trash')),
      request(testApp.server).get(filesUrl(fx.home.id, '/usage')),
    ];
    for (const pending of routes) {
      const response = await pending.set(outsider.auth);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('HOUSEHOLD_NOT_FOUND');
    }
    expect(
      (await list('/Documents')).body.items.map((item: { name: string }) => item.name),
    ).not.toContain('evil.txt');
    // A member of one household cannot reach another's by naming its own household's paths.
    const other = await ownerWithHousehold(testApp, 'Other home');
    await addMember(testApp, { id: other.home.id }, outsider, 'member');
    const own = await request(testApp.server).get(filesUrl(other.home.id)).set(outsider.auth);
    expect(own.status).toBe(200);
  });

  it('refuses without a session', async () => {
    const response = await request(testApp.server).get(filesUrl(fx.home.id));
    expect(response.status).toBe(401);
  });
});
