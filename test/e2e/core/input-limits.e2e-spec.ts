import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';
import { createUser, TestUser } from '../../factories/user.factory';
import { pimHousehold, pimUrl, PimFixture } from '../pim-rest/pim-rest-fixture';

const NUL = '\u0000';

/** Text with a NUL byte, deep JSON and broken compression are refused with 400, never a 500. */
describe('input limits', () => {
  let testApp: TestApp;
  let user: TestUser;
  let pim: PimFixture;

  beforeAll(async () => {
    testApp = await createTestApp();
    user = await createUser(testApp, { verified: true });
    pim = await pimHousehold(testApp);
  });
  afterAll(() => testApp?.close());

  const expectNulRefused = (response: request.Response) => {
    expect({ status: response.status, code: response.body.code }).toEqual({
      status: 400,
      code: 'NUL_CHARACTER',
    });
  };

  describe('NUL bytes', () => {
    it('in the login email and password', async () => {
      for (const body of [
        { email: `a${NUL}@example.com`, password: 'whatever-it-is' },
        { email: 'a@example.com', password: `pass${NUL}word-long` },
      ]) {
        expectNulRefused(await request(testApp.server).post('/api/v1/auth/login').send(body));
      }
    });

    it('in a sign-up display name, and in a key of the body', async () => {
      const signup = (body: object) =>
        request(testApp.server).post('/api/v1/auth/signup').send(body);
      expectNulRefused(
        await signup({ email: 'n@example.com', password: 'Hearth-nul-1234', displayName: NUL }),
      );
      expectNulRefused(await signup({ [`email${NUL}`]: 'x', nested: [{ [NUL]: 1 }] }));
    });

    it('in a household name and a slug in the path', async () => {
      expectNulRefused(
        await request(testApp.server)
          .post('/api/v1/households')
          .set(user.auth)
          .send({ name: `Home${NUL}` }),
      );
      expectNulRefused(
        await request(testApp.server).get('/api/v1/households/home%00x').set(user.auth),
      );
    });

    it('in contact and event fields and in a search', async () => {
      const { owner, home, familyBook, familyCalendar } = pim;
      expectNulRefused(
        await request(testApp.server)
          .post(pimUrl(home.id, `/addressbooks/${familyBook}/contacts`))
          .set(owner.auth)
          .send({ fullName: `Ada${NUL}` }),
      );
      expectNulRefused(
        await request(testApp.server)
          .post(pimUrl(home.id, `/calendars/${familyCalendar}/events`))
          .set(owner.auth)
          .send({
            summary: `Tea${NUL}`,
            start: '2026-01-01T10:00:00Z',
            end: '2026-01-01T11:00:00Z',
          }),
      );
      expectNulRefused(
        await request(testApp.server)
          .get(pimUrl(home.id, `/addressbooks/${familyBook}/contacts?q=ad%00a`))
          .set(owner.auth),
      );
      expectNulRefused(
        await request(testApp.server).get(pimUrl(home.id, `/files?path=/a%00b`)).set(owner.auth),
      );
    });

    it('in a DAV path and its Destination header', async () => {
      const slug = pim.home.slug;
      expectNulRefused(
        await request(testApp.server).get(`/dav/files/${slug}/a%00b.txt`).set(pim.owner.auth),
      );
      const move = await request(testApp.server)
        .move(`/dav/files/${slug}/Documents`)
        .set(pim.owner.auth)
        .set('Destination', `http://foyer.test/dav/files/${slug}/Doc%00s`);
      expectNulRefused(move);
    });
  });

  it('refuses half a surrogate pair with 400 UNPAIRED_SURROGATE (a validator threw on it)', async () => {
    // Written as JSON escapes: the half pair exists only once the body is parsed.
    const response = await request(testApp.server)
      .post(`/api/v1/households/${pim.home.id}/invites`)
      .set(pim.owner.auth)
      .set('Content-Type', 'application/json')
      .send('{"email":"\\udfff x","role":"member"}');
    expect({ status: response.status, code: response.body.code }).toEqual({
      status: 400,
      code: 'UNPAIRED_SURROGATE',
    });
  });

  describe('deep JSON', () => {
    it('refuses nesting past the limit with 400 BODY_TOO_DEEP', async () => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const response = await request(testApp.server)
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"email":${deep},"password":"x"}`);
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 400,
        code: 'BODY_TOO_DEEP',
      });
    });

    it('accepts ordinary nesting', async () => {
      const response = await request(testApp.server)
        .post('/api/v1/auth/login')
        .send({ email: 'nobody@example.com', password: 'not the password', extra: [[[{ a: 1 }]]] });
      expect(response.status).not.toBe(500);
      expect(response.body.code).not.toBe('BODY_TOO_DEEP');
    });
  });

  describe('compressed bodies', () => {
    it('refuses a gzip body that is not gzip with 400 MALFORMED_BODY', async () => {
      const response = await request(testApp.server)
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize((body: Buffer) => body as unknown as string)
        .send(Buffer.from('this is not gzip at all, just bytes'));
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 400,
        code: 'MALFORMED_BODY',
      });
    });

    it('reads a real gzip JSON body', async () => {
      const response = await request(testApp.server)
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        // As bytes: superagent would otherwise serialise the Buffer as JSON.
        .serialize((body: Buffer) => body as unknown as string)
        .send(gzipSync(JSON.stringify({ email: user.email, password: user.password })));
      expect(response.status).toBe(200);
    });
  });

  it('still answers /health', async () => {
    await request(testApp.server).get('/health').expect(200);
  });
});
