import request from 'supertest';
import { addMember } from '../../factories/household.factory';
import { createUser } from '../../factories/user.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { basicAuth, dav, DavFixture, davFixture, davUrl } from './dav-fixture';

const LOCKINFO = (scope: 'exclusive' | 'shared') => `<?xml version="1.0" encoding="utf-8"?>
<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:${scope}/></D:lockscope>
<D:locktype><D:write/></D:locktype><D:owner><D:href>mailto:ada@example.com</D:href></D:owner></D:lockinfo>`;

describe('dav: LOCK and UNLOCK (class 2)', () => {
  let testApp: TestApp;
  let fx: DavFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
  });
  beforeEach(async () => {
    fx = await davFixture(testApp);
  });
  afterAll(() => testApp?.close());

  const url = (path: string) => davUrl(fx.home.slug, path);
  const call = (method: string, path: string, auth = fx.basic) =>
    dav(testApp.server, method, url(path))
      .set('Authorization', auth)
      .set('Content-Type', 'application/xml');
  const put = (path: string, body: string, auth = fx.basic) =>
    request(testApp.server)
      .put(url(path))
      .set('Authorization', auth)
      .set('Content-Type', 'text/plain')
      .send(body);
  const tokenOf = (answer: request.Response): string => {
    const header = answer.headers['lock-token'] as string;
    expect(header).toMatch(/^<urn:uuid:[0-9a-f-]{36}>$/);
    return header;
  };

  it('locks a file: writes need the token (423 without), then UNLOCK frees it', async () => {
    await put('/doc.txt', 'v1').expect(201);
    const locked = await call('LOCK', '/doc.txt')
      .set('Timeout', 'Second-600')
      .send(LOCKINFO('exclusive'))
      .expect(200);
    const token = tokenOf(locked);
    expect(locked.text).toContain('<D:exclusive/>');
    expect(locked.text).toContain('<D:timeout>Second-600</D:timeout>');
    expect(locked.text).toContain(`<D:href>${token.slice(1, -1)}</D:href>`);
    expect(locked.text).toContain('mailto:ada@example.com');

    const refused = await put('/doc.txt', 'v2').expect(423);
    expect(refused.text).toContain('<D:lock-token-submitted/>');
    await call('DELETE', '/doc.txt').expect(423);
    await call('MOVE', '/doc.txt').set('Destination', url('/moved.txt')).expect(423);
    await call('PROPPATCH', '/doc.txt')
      .send(
        '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><z:a xmlns:z="urn:z">1</z:a></D:prop></D:set></D:propertyupdate>',
      )
      .expect(423);
    await call('LOCK', '/doc.txt').send(LOCKINFO('shared')).expect(423);
    // Reads go on.
    await call('GET', '/doc.txt').expect(200);
    const props = await call('PROPFIND', '/doc.txt').set('Depth', '0').expect(207);
    expect(props.text).toContain(token.slice(1, -1));
    expect(props.text).toContain('<D:supportedlock>');

    await put('/doc.txt', 'v2').set('If', `(${token})`).expect(204);
    await put('/doc.txt', 'v3')
      .set('If', `(<urn:uuid:00000000-0000-0000-0000-000000000000>)`)
      .expect(412);

    await call('UNLOCK', '/other.txt').set('Lock-Token', token).expect(409);
    await call('UNLOCK', '/doc.txt').set('Lock-Token', token).expect(204);
    await put('/doc.txt', 'v4').expect(204);
    await call('UNLOCK', '/doc.txt').set('Lock-Token', token).expect(409);
  });

  it('refreshes with an empty body and the If header; a depth-infinity lock covers members', async () => {
    await call('MKCOL', '/Team').expect(201);
    const locked = await call('LOCK', '/Team').send(LOCKINFO('exclusive')).expect(200);
    const token = tokenOf(locked);
    expect(locked.text).toContain('<D:depth>infinity</D:depth>');
    await put('/Team/new.txt', 'x').expect(423);
    await call('MKCOL', '/Team/Sub').expect(423);
    await put('/Team/new.txt', 'x')
      .set('If', `<${url('/Team')}> (${token})`)
      .expect(201);

    const refreshed = await dav(testApp.server, 'LOCK', url('/Team'))
      .set('Authorization', fx.basic)
      .set('If', `(${token})`)
      .set('Timeout', 'Infinite')
      .expect(200);
    expect(refreshed.text).toContain('<D:timeout>Second-86400</D:timeout>');
    expect(refreshed.headers['lock-token']).toBeUndefined();
    await dav(testApp.server, 'LOCK', url('/Team')).set('Authorization', fx.basic).expect(412);
    await call('LOCK', '/Team').set('Depth', '1').send(LOCKINFO('exclusive')).expect(400);
  });

  it('shared locks coexist; a lock on a new name creates an empty file (201)', async () => {
    const first = await call('LOCK', '/fresh.txt').send(LOCKINFO('shared')).expect(201);
    tokenOf(first);
    const empty = await call('GET', '/fresh.txt').expect(200);
    expect(empty.headers['content-length']).toBe('0');
    const second = await call('LOCK', '/fresh.txt').send(LOCKINFO('shared')).expect(200);
    await put('/fresh.txt', 'ok')
      .set('If', `(${tokenOf(second)})`)
      .expect(204);
    await call('LOCK', '/nowhere/x.txt').send(LOCKINFO('exclusive')).expect(409);
  });

  it("another member cannot use or remove someone's lock; locks go with DELETE", async () => {
    await put('/mine.txt', 'mine').expect(201);
    const locked = await call('LOCK', '/mine.txt').send(LOCKINFO('exclusive')).expect(200);
    const token = tokenOf(locked);
    const bea = await createUser(testApp, { verified: true });
    await addMember(testApp, fx.home, bea, 'admin');
    const created = await request(testApp.server)
      .post('/api/v1/me/app-passwords')
      .set(bea.auth)
      .send({ label: 'rclone' })
      .expect(201);
    const beaAuth = basicAuth(bea.email, (created.body as { password: string }).password);
    await put('/mine.txt', 'hers', beaAuth).set('If', `(${token})`).expect(423);
    await call('UNLOCK', '/mine.txt', beaAuth).set('Lock-Token', token).expect(403);
    await call('DELETE', '/mine.txt').set('If', `(${token})`).expect(204);
    await put('/mine.txt', 'hers', beaAuth).expect(201);
  });

  it('bad lock bodies: DOCTYPE, wrong type', async () => {
    await call('LOCK', '/a.txt').send('<!DOCTYPE x><D:lockinfo xmlns:D="DAV:"/>').expect(400);
    await call('LOCK', '/a.txt')
      .send(
        '<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:read/></D:locktype></D:lockinfo>',
      )
      .expect(400);
    await call('UNLOCK', '/a.txt').expect(400);
  });
});
