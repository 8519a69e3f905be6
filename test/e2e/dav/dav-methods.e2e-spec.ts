import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { setQuota } from '../files/files-fixture';
import { dav, DavFixture, davFixture, davUrl } from './dav-fixture';

const PROPFIND_PROPS = `<?xml version="1.0" encoding="utf-8"?>
<z:propfind xmlns:z="DAV:"><z:prop>
  <z:getcontentlength/><z:getetag/><z:resourcetype/><z:quota-used-bytes/>
  <z:quota-available-bytes/><x:color xmlns:x="urn:example"/>
</z:prop></z:propfind>`;

function rawText(
  response: request.Response,
  callback: (error: Error | null, body: string) => void,
): void {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => callback(null, text));
}

describe('dav: methods', () => {
  let testApp: TestApp;
  let fx: DavFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  beforeEach(async () => {
    fx = await davFixture(testApp);
  });
  afterAll(() => testApp?.close());

  const url = (path = '/') => davUrl(fx.home.slug, path);
  const call = (method: string, path = '/') =>
    dav(testApp.server, method, url(path)).set('Authorization', fx.basic);
  const put = (path: string, body: string) =>
    request(testApp.server)
      .put(url(path))
      .set('Authorization', fx.basic)
      .set('Content-Type', 'text/plain')
      .send(body);

  it('OPTIONS advertises DAV classes 1 and 2 and the methods', async () => {
    const answer = await call('OPTIONS').expect(200);
    expect(answer.headers.dav).toBe('1, 2');
    expect(answer.headers.allow).toContain('LOCK');
    expect(answer.headers.allow).toContain('PROPFIND');
    expect(answer.headers.allow).toContain('MKCOL');
  });

  it('PROPFIND Depth 0 and 1 with allprop, prop (any prefix) and propname', async () => {
    await put('/hello.txt', 'hello').expect(201);
    const root = await call('PROPFIND').set('Depth', '1').expect(207);
    expect(root.headers['content-type']).toMatch(/application\/xml/);
    expect(root.text).toContain(`<D:href>/dav/files/${fx.home.slug}/</D:href>`);
    expect(root.text).toContain(`<D:href>/dav/files/${fx.home.slug}/hello.txt</D:href>`);
    expect(root.text).toContain('<D:getcontentlength>5</D:getcontentlength>');
    expect(root.text).toContain('<D:collection/>');
    expect(root.text).toContain('<D:getlastmodified>');
    expect(root.text).toContain('<D:creationdate>');
    expect(root.text).toContain('<D:displayname>hello.txt</D:displayname>');
    expect(root.text).not.toContain('quota-used-bytes');

    await setQuota(testApp, fx.home.id, 1000);
    const props = await call('PROPFIND')
      .set('Depth', '0')
      .set('Content-Type', 'application/xml')
      .send(PROPFIND_PROPS)
      .expect(207);
    expect(props.text).toContain('<D:quota-used-bytes>5</D:quota-used-bytes>');
    expect(props.text).toContain('<D:quota-available-bytes>995</D:quota-available-bytes>');
    expect(props.text).toContain('<color xmlns="urn:example"/>');
    expect(props.text).toContain('HTTP/1.1 404 Not Found');
    expect(props.text).not.toContain('hello.txt');

    const file = await call('PROPFIND', '/hello.txt')
      .set('Depth', '1')
      .set('Content-Type', 'application/xml')
      .send('<propfind xmlns="DAV:"><propname/></propfind>')
      .expect(207);
    expect(file.text).toContain('<D:getetag/>');
    expect(file.text).toContain('<D:getcontenttype/>');
    expect((file.text.match(/<D:response>/g) ?? []).length).toBe(1);

    await call('PROPFIND', '/missing.txt').set('Depth', '0').expect(404);
  });

  it('PROPFIND Depth infinity (or none) is refused with propfind-finite-depth', async () => {
    for (const depth of ['infinity', undefined]) {
      const request = call('PROPFIND');
      if (depth) request.set('Depth', depth);
      const answer = await request.expect(403);
      expect(answer.text).toContain('<D:propfind-finite-depth/>');
    }
    await call('PROPFIND').set('Depth', '2').expect(400);
  });

  it('refuses DOCTYPE / ENTITY bodies, bad XML and bodies over 1 MiB', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<D:propfind xmlns:D="DAV:"><D:prop><D:displayname>&x;</D:displayname></D:prop></D:propfind>`;
    await call('PROPFIND').set('Depth', '0').set('Content-Type', 'text/xml').send(xxe).expect(400);
    await call('PROPFIND')
      .set('Depth', '0')
      .set('Content-Type', 'text/xml')
      .send('<D:propfind xmlns:D="DAV:"><D:prop>')
      .expect(400);
    await call('PROPFIND')
      .set('Depth', '0')
      .set('Content-Type', 'text/xml')
      .send('<D:propfind><D:allprop/></D:propfind>')
      .expect(400);
    await call('PROPFIND')
      .set('Depth', '0')
      .set('Content-Type', 'text/xml')
      .send(`<D:propfind xmlns:D="DAV:"><!--${'x'.repeat(1024 * 1024)}--><D:allprop/></D:propfind>`)
      .expect(413);
  });

  it('GET and HEAD with ranges and conditionals', async () => {
    const created = await put('/data.txt', '0123456789').expect(201);
    const etag = created.headers.etag;
    expect(etag).toMatch(/^"/);
    const whole = await call('GET', '/data.txt').expect(200);
    expect(whole.text).toBe('0123456789');
    expect(whole.headers.etag).toBe(etag);
    const part = await call('GET', '/data.txt').set('Range', 'bytes=2-4').expect(206);
    expect(part.text).toBe('234');
    expect(part.headers['content-range']).toBe('bytes 2-4/10');
    const beyond = await call('GET', '/data.txt').set('Range', 'bytes=20-').expect(416);
    expect(beyond.headers['content-range']).toBe('bytes */10');
    await call('GET', '/data.txt').set('If-None-Match', etag).expect(304);
    await call('GET', '/data.txt').set('If-Match', '"nope"').expect(412);
    const head = await call('HEAD', '/data.txt').expect(200);
    expect(head.headers['content-length']).toBe('10');
    await call('GET', '/nothing.txt').expect(404);
  });

  it('PUT creates (201), replaces (204), honours If-Match and If-None-Match, 409 without parent', async () => {
    await put('/a.txt', 'one').expect(201);
    await put('/a.txt', 'two').expect(204);
    expect((await call('GET', '/a.txt').expect(200)).text).toBe('two');
    await put('/missing/a.txt', 'x').expect(409);
    await request(testApp.server)
      .put(url('/a.txt'))
      .set('Authorization', fx.basic)
      .set('If-None-Match', '*')
      .send(Buffer.from('three'))
      .expect(412);
    await request(testApp.server)
      .put(url('/a.txt'))
      .set('Authorization', fx.basic)
      .set('If-Match', '"stale"')
      .send(Buffer.from('three'))
      .expect(412);
    // Names with spaces and non-ASCII letters, percent-encoded.
    await put('/caf%C3%A9%20menu.txt', 'menu').expect(201);
    const listing = await call('PROPFIND').set('Depth', '1').expect(207);
    expect(listing.text).toContain(`/dav/files/${fx.home.slug}/caf%C3%A9%20menu.txt</D:href>`);
  });

  it('PUT keeps JSON and form bodies as files (no body parsing under /dav)', async () => {
    const json = '{"a": 1}';
    await request(testApp.server)
      .put(url('/data.json'))
      .set('Authorization', fx.basic)
      .set('Content-Type', 'application/json')
      .send(json)
      .expect(201);
    const got = await call('GET', '/data.json').buffer(true).parse(rawText).expect(200);
    expect(got.body).toBe(json);
    expect(got.headers['content-type']).toMatch(/^application\/json/);
  });

  it('PUT over quota is 507 and keeps nothing', async () => {
    await setQuota(testApp, fx.home.id, 10);
    await put('/big.bin', 'x'.repeat(100)).expect(507);
    await call('GET', '/big.bin').expect(404);
  });

  it('MKCOL: 201, 405 when it exists, 409 without parent, 415 with a body', async () => {
    await call('MKCOL', '/Albums').expect(201);
    await call('MKCOL', '/Albums').expect(405);
    await call('MKCOL', '/no/such/parent').expect(409);
    await call('MKCOL', '/WithBody').set('Content-Type', 'text/xml').send('<x/>').expect(415);
    const folder = await call('PROPFIND', '/Albums/').set('Depth', '0').expect(207);
    expect(folder.text).toContain(`<D:href>/dav/files/${fx.home.slug}/Albums/</D:href>`);
  });

  it('DELETE moves to the trash', async () => {
    await put('/gone.txt', 'bye').expect(201);
    await call('DELETE', '/gone.txt').expect(204);
    await call('GET', '/gone.txt').expect(404);
    await call('DELETE', '/gone.txt').expect(404);
    const trash = await request(testApp.server)
      .get(`/api/v1/households/${fx.home.id}/files/trash`)
      .set(fx.owner.auth)
      .expect(200);
    expect(JSON.stringify(trash.body)).toContain('gone.txt');
  });

  it('COPY and MOVE with Destination (URL or path, encoded names), Overwrite and Depth', async () => {
    await put('/src.txt', 'source').expect(201);
    await call('MKCOL', '/Dir').expect(201);
    await call('COPY', '/src.txt')
      .set('Destination', `http://example.org${url('/Dir/copy%20one.txt')}`)
      .set('Host', 'example.org')
      .expect(201);
    expect((await call('GET', '/Dir/copy%20one.txt').expect(200)).text).toBe('source');
    await call('COPY', '/src.txt')
      .set('Destination', url('/Dir/copy%20one.txt'))
      .set('Overwrite', 'F')
      .expect(412);
    await put('/other.txt', 'other').expect(201);
    await call('COPY', '/other.txt').set('Destination', url('/Dir/copy%20one.txt')).expect(204);
    expect((await call('GET', '/Dir/copy%20one.txt').expect(200)).text).toBe('other');
    await call('MOVE', '/src.txt').set('Destination', url('/Dir/moved.txt')).expect(201);
    await call('GET', '/src.txt').expect(404);
    await call('MOVE', '/Dir/moved.txt')
      .set('Destination', url('/Dir/copy%20one.txt'))
      .set('Overwrite', 'F')
      .expect(412);
    await call('MOVE', '/Dir/moved.txt').set('Destination', url('/nowhere/x.txt')).expect(409);
    await call('MOVE', '/absent.txt').set('Destination', url('/x.txt')).expect(404);
    await call('COPY', '/Dir').set('Destination', url('/Dir2')).expect(201);
    expect((await call('GET', '/Dir2/moved.txt').expect(200)).text).toBe('source');
    await call('COPY', '/Dir').set('Destination', url('/Empty')).set('Depth', '0').expect(201);
    const empty = await call('PROPFIND', '/Empty').set('Depth', '1').expect(207);
    expect((empty.text.match(/<D:response>/g) ?? []).length).toBe(1);
    await call('MOVE', '/Dir').set('Destination', url('/Dir3')).set('Depth', '0').expect(400);
    await call('MOVE', '/Dir').set('Destination', url('/Dir/inside')).expect(400);
    await call('MOVE', '/Dir2').set('Destination', url('/Dir2')).expect(403);
    await call('COPY', '/Dir').expect(400);
    await call('COPY', '/other.txt')
      .set('Destination', 'http://elsewhere.example/dav/files/x/y')
      .set('Host', 'example.org')
      .expect(502);
  });

  it('COPY over quota is 507', async () => {
    await put('/q.txt', 'x'.repeat(60)).expect(201);
    await setQuota(testApp, fx.home.id, 100);
    await call('COPY', '/q.txt').set('Destination', url('/q2.txt')).expect(507);
  });

  it('refuses traversal in paths and in Destination', async () => {
    await put('/safe.txt', 'safe').expect(201);
    for (const path of ['/a/../safe.txt', '/%2e%2e/safe.txt', '/a%2Fb.txt', '/./safe.txt']) {
      await call('GET', path).expect(400);
      await put(path, 'x').expect(400);
    }
    const other = await davFixture(testApp, 'Victim home');
    for (const destination of [
      url('/../../other/x.txt'),
      url('/%2e%2e/x.txt'),
      url('/a%2Fb.txt'),
      `/dav/files/${fx.home.slug}/..%2F..%2F${other.home.slug}/x.txt`,
    ]) {
      await call('COPY', '/safe.txt').set('Destination', destination).expect(400);
    }
    await call('COPY', '/safe.txt')
      .set('Destination', davUrl(other.home.slug, '/stolen.txt'))
      .expect(403);
    await call('COPY', '/safe.txt').set('Destination', 'relative/x.txt').expect(400);
    await call('GET', '/safe.txt').expect(200, 'safe');
  });
});
