import request from 'supertest';
import {
  binaryParser,
  createFolder,
  filesUrl,
  pathQuery,
  uploadFile,
} from '../../factories/file.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { FilesFixture, ownerWithHousehold, sha256 } from './files-fixture';

describe('files: content (upload, download, ranges, conditional requests)', () => {
  let testApp: TestApp;
  let fx: FilesFixture;
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));

  beforeAll(async () => {
    testApp = await createTestApp();
    fx = await ownerWithHousehold(testApp);
    await uploadFile(testApp, fx.owner, fx.home.id, '/Documents/data.bin', bytes);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const contentUrl = (path: string) => filesUrl(fx.home.id, `/content${pathQuery(path)}`);
  const get = (path: string) =>
    request(testApp.server)
      .get(contentUrl(path))
      .set(fx.owner.auth)
      .buffer(true)
      .parse(binaryParser);
  const put = (path: string, body: Buffer | string, type = 'application/octet-stream') =>
    request(testApp.server)
      .put(contentUrl(path))
      .set(fx.owner.auth)
      .set('Content-Type', type)
      .send(body);

  it('stores a file whatever its Content-Type: JSON and forms are files here, not request bodies', async () => {
    // Larger than the JSON body limit, and not valid JSON: neither matters for a file.
    const big = `{"items": [${'"x",'.repeat(600_000)}`;
    const cases: [string, string, string][] = [
      ['/Documents/settings.json', '{"theme": "dark"}', 'application/json'],
      ['/Documents/big.json', big, 'application/json; charset=utf-8'],
      ['/Documents/form.txt', 'a=1&b=2', 'application/x-www-form-urlencoded'],
    ];
    for (const [path, body, type] of cases) {
      const created = await put(path, body, type);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ size: Buffer.byteLength(body), sha256: sha256(body) });
      const download = await get(path);
      expect((download.body as Buffer).toString()).toBe(body);
    }
  });

  it('uploads by streaming the raw body and returns the SHA-256, then downloads the same bytes', async () => {
    const created = await put('/Documents/hello.txt', 'hello, world', 'text/plain');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'hello.txt',
      path: '/Documents/hello.txt',
      kind: 'file',
      size: 12,
      sha256: sha256('hello, world'),
      contentType: 'text/plain',
    });
    expect(created.headers.etag).toBe(created.body.etag);
    const download = await get('/Documents/hello.txt');
    expect(download.status).toBe(200);
    expect((download.body as Buffer).toString()).toBe('hello, world');
    expect(download.headers['content-type']).toBe('text/plain');
    expect(download.headers['content-length']).toBe('12');
    expect(download.headers.etag).toBe(created.body.etag);
    expect(download.headers['accept-ranges']).toBe('bytes');
    expect(new Date(download.headers['last-modified']).getTime()).not.toBeNaN();
  });

  it('keeps an empty file', async () => {
    const created = await put('/Documents/empty', Buffer.alloc(0));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ size: 0, sha256: sha256('') });
    const download = await get('/Documents/empty');
    expect(download.status).toBe(200);
    expect((download.body as Buffer).length).toBe(0);
  });

  it('overwrites atomically: a new etag and the new bytes, and the old blob is gone', async () => {
    const first = await put('/Documents/over.txt', 'first version');
    const second = await put('/Documents/over.txt', 'second');
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.etag).not.toBe(first.body.etag);
    expect(second.body.sha256).toBe(sha256('second'));
    expect(((await get('/Documents/over.txt')).body as Buffer).toString()).toBe('second');
    const usage = await request(testApp.server)
      .get(filesUrl(fx.home.id, '/usage'))
      .set(fx.owner.auth);
    expect(usage.body.quotaBytes).toBeNull();
  });

  it('honours If-None-Match: * and If-Match on upload', async () => {
    const first = await put('/Documents/cond.txt', 'one');
    const createOnly = await put('/Documents/cond.txt', 'two').set('If-None-Match', '*');
    expect(createOnly.status).toBe(412);
    expect(createOnly.body.code).toBe('PRECONDITION_FAILED');
    const stale = await put('/Documents/cond.txt', 'two').set('If-Match', '"stale"');
    expect(stale.status).toBe(412);
    const fresh = await put('/Documents/cond.txt', 'two').set('If-Match', first.body.etag);
    expect(fresh.status).toBe(200);
    expect(((await get('/Documents/cond.txt')).body as Buffer).toString()).toBe('two');
  });

  it('keeps names exactly, with Content-Disposition in RFC 6266/5987 form', async () => {
    const name = 'Été "2025" ÿ (final).pdf';
    await put(`/Documents/${name}`, 'pdf');
    const download = await get(`/Documents/${name}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="_t_ _2025_ _ (final).pdf"; filename*=UTF-8''${encodeURIComponent(name)
        .replace(/\(/g, '%28')
        .replace(/\)/g, '%29')}`,
    );
    const inline = await request(testApp.server)
      .get(`${contentUrl(`/Documents/${name}`)}&disposition=inline`)
      .set(fx.owner.auth);
    expect(inline.headers['content-disposition']).toMatch(/^attachment; /);
    expect(download.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    await put('/Documents/photo.png', 'png', 'image/png');
    const photo = await request(testApp.server)
      .get(`${contentUrl('/Documents/photo.png')}&disposition=inline`)
      .set(fx.owner.auth);
    expect(photo.headers['content-disposition']).toMatch(/^inline; /);
    // HTML (or SVG, or scripts) is never shown inline from the api's origin.
    await put('/Documents/page.html', '<script>alert(1)</script>', 'text/html');
    const page = await request(testApp.server)
      .get(`${contentUrl('/Documents/page.html')}&disposition=inline`)
      .set(fx.owner.auth);
    expect(page.headers['content-disposition']).toMatch(/^attachment; /);
    const badDisposition = await request(testApp.server)
      .get(`${contentUrl('/Documents/photo.png')}&disposition=evil`)
      .set(fx.owner.auth);
    expect(badDisposition.status).toBe(400);
  });

  it('refuses uploads to bad places', async () => {
    expect((await put('/Nowhere/a.txt', 'x')).body.code).toBe('NOT_FOUND');
    expect((await put('/Documents', 'x')).body.code).toBe('NOT_A_FILE');
    expect((await put('/Documents/data.bin/below', 'x')).body.code).toBe('NOT_A_FOLDER');
    expect((await put('/', 'x')).body.code).toBe('INVALID_PATH');
    for (const [raw, code] of [
      ['/Documents/..', 'INVALID_NAME'],
      ['/Documents/%2e%2e', 'INVALID_NAME'],
      ['/Documents/a%00b', 'NUL_CHARACTER'],
      ['/Documents/a%0Ab', 'INVALID_NAME'],
    ]) {
      const response = await request(testApp.server)
        .put(filesUrl(fx.home.id, `/content?path=${raw}`))
        .set(fx.owner.auth)
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from('x'));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe(code);
    }
    const listing = await request(testApp.server)
      .get(filesUrl(fx.home.id, pathQuery('/Documents')))
      .set(fx.owner.auth);
    expect(listing.body.items.map((item: { name: string }) => item.name)).not.toContain('..');
  });

  it('refuses downloading a folder or what is not there', async () => {
    expect((await get('/Documents')).body.toString()).toContain('NOT_A_FILE');
    expect((await get('/Documents')).status).toBe(409);
    expect((await get('/Documents/none')).status).toBe(404);
    expect((await get('/Documents/..')).status).toBe(400);
  });

  it('serves HEAD with the headers and no body', async () => {
    const head = await request(testApp.server)
      .head(contentUrl('/Documents/data.bin'))
      .set(fx.owner.auth);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe('1000');
    expect(head.headers.etag).toBeDefined();
  });

  describe('ranges', () => {
    const ranged = (range: string) => get('/Documents/data.bin').set('Range', range);

    it.each([
      ['bytes=0-99', 0, 99],
      ['bytes=900-', 900, 999],
      ['bytes=-10', 990, 999],
      ['bytes=990-5000', 990, 999],
    ])('answers %s with 206 and exactly those bytes', async (range, start, end) => {
      const response = await ranged(range);
      expect(response.status).toBe(206);
      expect(response.headers['content-range']).toBe(`bytes ${start}-${end}/1000`);
      expect(response.headers['content-length']).toBe(String(end - start + 1));
      expect(Buffer.compare(response.body as Buffer, bytes.subarray(start, end + 1))).toBe(0);
    });

    it.each([['bytes=1000-'], ['bytes=5000-6000'], ['bytes=-0']])(
      'answers the unsatisfiable %s with 416 and the size',
      async (range) => {
        const response = await ranged(range);
        expect(response.status).toBe(416);
        expect(response.headers['content-range']).toBe('bytes */1000');
        expect(JSON.parse((response.body as Buffer).toString()).code).toBe('RANGE_NOT_SATISFIABLE');
      },
    );

    it.each([['bytes=0-1,5-9'], ['bytes=abc'], ['bytes=9-1'], ['lines=1-2'], ['bytes=-']])(
      'ignores the multiple or malformed %s: the whole file, 200',
      async (range) => {
        const response = await ranged(range);
        expect(response.status).toBe(200);
        expect(Buffer.compare(response.body as Buffer, bytes)).toBe(0);
      },
    );

    it('honours If-Range', async () => {
      const etag = (await get('/Documents/data.bin')).headers.etag;
      expect((await ranged('bytes=0-9').set('If-Range', etag)).status).toBe(206);
      expect((await ranged('bytes=0-9').set('If-Range', '"other"')).status).toBe(200);
    });
  });

  describe('conditional requests', () => {
    it('answers 304 to a matching If-None-Match or a recent If-Modified-Since', async () => {
      const first = await get('/Documents/data.bin');
      const etag = first.headers.etag;
      const matching = await get('/Documents/data.bin').set('If-None-Match', etag);
      expect(matching.status).toBe(304);
      expect(matching.headers.etag).toBe(etag);
      expect((await get('/Documents/data.bin').set('If-None-Match', `"x", ${etag}`)).status).toBe(
        304,
      );
      expect((await get('/Documents/data.bin').set('If-None-Match', '"other"')).status).toBe(200);
      const since = first.headers['last-modified'];
      expect((await get('/Documents/data.bin').set('If-Modified-Since', since)).status).toBe(304);
      expect(
        (await get('/Documents/data.bin').set('If-Modified-Since', 'Thu, 01 Jan 1970 00:00:00 GMT'))
          .status,
      ).toBe(200);
    });

    it('answers 412 to a failing If-Match or If-Unmodified-Since', async () => {
      const etag = (await get('/Documents/data.bin')).headers.etag;
      expect((await get('/Documents/data.bin').set('If-Match', etag)).status).toBe(200);
      const stale = await get('/Documents/data.bin').set('If-Match', '"stale"');
      expect(stale.status).toBe(412);
      expect(JSON.parse((stale.body as Buffer).toString()).code).toBe('PRECONDITION_FAILED');
      expect(
        (
          await get('/Documents/data.bin').set(
            'If-Unmodified-Since',
            'Thu, 01 Jan 1970 00:00:00 GMT',
          )
        ).status,
      ).toBe(412);
    });
  });

  it('lets readers see the old or the new bytes during overwrites, never a mix', async () => {
    const versions = [
      Buffer.alloc(300_000, 'a'),
      Buffer.alloc(300_000, 'b'),
      Buffer.alloc(200_000, 'c'),
    ];
    const known = new Set(versions.map((version) => sha256(version)));
    await put('/Documents/atomic.bin', versions[0]);
    const reads: Promise<string>[] = [];
    for (let round = 0; round < 6; round++) {
      reads.push(get('/Documents/atomic.bin').then((response) => sha256(response.body as Buffer)));
      const written = await put('/Documents/atomic.bin', versions[(round + 1) % versions.length]);
      expect(written.status).toBe(200);
    }
    for (const digest of await Promise.all(reads)) expect(known.has(digest)).toBe(true);
  });

  it('streams a larger file through unchanged', async () => {
    await createFolder(testApp, fx.owner, fx.home.id, '/Big');
    const big = Buffer.alloc(12 * 1024 * 1024 + 17, 7);
    big.write('start');
    const created = await put('/Big/big.bin', big);
    expect(created.status).toBe(201);
    expect(created.body.sha256).toBe(sha256(big));
    const download = await get('/Big/big.bin');
    expect(sha256(download.body as Buffer)).toBe(sha256(big));
  });
});
