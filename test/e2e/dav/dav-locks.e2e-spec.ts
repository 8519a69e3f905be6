import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { tenantQuery } from '../households/provisioning-helpers';
import { dav, DavFixture, davFixture, davMember, davUrl } from './dav-fixture';

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
  const memberAuth = (role: 'admin' | 'member' | 'child') => davMember(testApp, fx.home, role);
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
    // Infinite is capped at an hour: a forgotten lock frees itself.
    expect(refreshed.text).toContain('<D:timeout>Second-3600</D:timeout>');
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
    const beaAuth = await memberAuth('member');
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

  it("a child locks only what they could change; owners and admins break anyone's lock", async () => {
    // /Photos is one of the default folders, the owner's.
    await put('/Photos/beach.jpg', 'owner photo').expect(201);
    const child = await memberAuth('child');
    // The attack: a 24 h Depth infinity lock on a folder of the owner's, and on the root.
    await call('LOCK', '/Photos', child)
      .set('Timeout', 'Second-86400')
      .send(LOCKINFO('exclusive'))
      .expect(403);
    await call('LOCK', '/Photos/beach.jpg', child).send(LOCKINFO('exclusive')).expect(403);
    await call('LOCK', '/', child).send(LOCKINFO('exclusive')).expect(403);
    await put('/Photos/beach.jpg', 'still writable').expect(204);

    // What the child made is theirs to lock; a folder only with everything in it theirs.
    await put('/Photos/drawing.png', 'mine', child).expect(201);
    const own = await call('LOCK', '/Photos/drawing.png', child)
      .set('Timeout', 'Second-86400')
      .send(LOCKINFO('exclusive'))
      .expect(200);
    expect(own.text).toContain('<D:timeout>Second-3600</D:timeout>');
    await call('MKCOL', '/Kid', child).expect(201);
    await put('/Kid/a.txt', 'a', child).expect(201);
    const kid = tokenOf(await call('LOCK', '/Kid', child).send(LOCKINFO('exclusive')).expect(200));
    await call('UNLOCK', '/Kid', child).set('Lock-Token', kid).expect(204);
    await put('/Kid/parents.txt', 'from a parent').expect(201);
    await call('LOCK', '/Kid', child).send(LOCKINFO('exclusive')).expect(403);
    await call('LOCK', '/Kid', child).set('Depth', '0').send(LOCKINFO('exclusive')).expect(200);

    // The owner is locked out of the child's file, and breaks the lock with its token.
    const token = tokenOf(own);
    await put('/Photos/drawing.png', 'overwritten').expect(423);
    await call('UNLOCK', '/Photos/drawing.png').set('Lock-Token', token).expect(204);
    await put('/Photos/drawing.png', 'overwritten').expect(204);

    // An admin may too; a member may not (they may still lock what is not theirs: they may delete it).
    const admin = await memberAuth('admin');
    const member = await memberAuth('member');
    const ownerLock = tokenOf(
      await call('LOCK', '/Photos/beach.jpg', member).send(LOCKINFO('exclusive')).expect(200),
    );
    await call('UNLOCK', '/Photos/beach.jpg', child).set('Lock-Token', ownerLock).expect(403);
    await call('UNLOCK', '/Photos/beach.jpg', admin).set('Lock-Token', ownerLock).expect(204);
  });

  it('evaluates the If header: entity tags, Not, unknown tokens, bad syntax', async () => {
    const created = await put('/cond.txt', 'v1').expect(201);
    const etag = created.headers.etag as string;
    await put('/cond.txt', 'v2').set('If', `([${etag}])`).expect(204);
    // The etag changed with the write: the old one no longer holds.
    await put('/cond.txt', 'v3').set('If', `([${etag}])`).expect(412);
    await put('/cond.txt', 'v3').set('If', `(Not [${etag}])`).expect(204);
    // A token that names no lock of the resource fails, unless another list holds.
    await put('/cond.txt', 'v4').set('If', '(<opaquelocktoken:nope>)').expect(412);
    await put('/cond.txt', 'v4')
      .set('If', '(<opaquelocktoken:nope>) (Not <DAV:no-lock>)')
      .expect(204);
    const token = tokenOf(await call('LOCK', '/cond.txt').send(LOCKINFO('exclusive')).expect(200));
    const now = (await call('PROPFIND', '/cond.txt').set('Depth', '0').expect(207)).text;
    const current = /<D:getetag>([^<]*)<\/D:getetag>/.exec(now)![1].replace(/&quot;/g, '"');
    await put('/cond.txt', 'v5').set('If', `(${token} ["bogus"])`).expect(412);
    await put('/cond.txt', 'v5')
      .set('If', `(${token} ["bogus"]) (Not <DAV:no-lock> ["bogus"])`)
      .expect(412);
    // The token is submitted (it appears), but the list that holds is the second one.
    await put('/cond.txt', 'v5')
      .set('If', `(${token} ["bogus"]) (Not <DAV:no-lock> [${current}])`)
      .expect(204);
    // A tagged list about another resource is evaluated against that resource.
    await put('/cond.txt', 'v6')
      .set('If', `<${url('/other.txt')}> (${token})`)
      .expect(412);
    for (const bad of [
      '(',
      '<x>',
      '(<a> junk)',
      '()',
      'garbage',
      `(${token}) <${url('/cond.txt')}> (${token})`,
    ]) {
      await put('/cond.txt', 'v7').set('If', bad).expect(400);
    }
    await put('/cond.txt', 'v7').set('If', `(${token} [${current}])`).expect(412);
  });

  it('a household holds at most 500 live locks (507 beyond); expired ones do not count', async () => {
    await put('/many.txt', 'x').expect(201);
    const fill = (count: number, expires: string) =>
      tenantQuery(
        testApp.db,
        fx.home.id,
        `INSERT INTO dav_locks (household_id, token, path, depth, scope, user_id, expires_at)
         SELECT $1, gen_random_uuid(), '/filler-' || n, '0', 'shared', $2, ${expires}
         FROM generate_series(1, $3::int) AS n`,
        [fx.home.id, fx.owner.id, count],
      );
    await fill(499, "now() + interval '1 hour'");
    await fill(50, "now() - interval '1 second'");
    const last = tokenOf(await call('LOCK', '/many.txt').send(LOCKINFO('shared')).expect(200));
    const refused = await call('LOCK', '/many.txt').send(LOCKINFO('shared')).expect(507);
    expect(refused.text).toContain('DAV_TOO_MANY_LOCKS');
    await call('UNLOCK', '/many.txt').set('Lock-Token', last).expect(204);
    await call('LOCK', '/many.txt').send(LOCKINFO('shared')).expect(200);
  });

  it('locks are WebDAV coordination: the REST API and the web app go through them', async () => {
    await put('/shared.txt', 'v1').expect(201);
    const token = tokenOf(
      await call('LOCK', '/shared.txt').send(LOCKINFO('exclusive')).expect(200),
    );
    await put('/shared.txt', 'dav').expect(423);
    await request(testApp.server)
      .put(
        `/api/v1/households/${fx.home.id}/files/content?path=${encodeURIComponent('/shared.txt')}`,
      )
      .set(fx.owner.auth)
      .set('Content-Type', 'text/plain')
      .send('from the web app')
      .expect(200);
    // The lock stays on the path for DAV clients until it is removed or expires.
    await put('/shared.txt', 'dav').expect(423);
    await put('/shared.txt', 'dav').set('If', `(${token})`).expect(204);
  });
});
