import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import {
  basicOf,
  ListeningDav,
  listeningDav,
  propfind,
  runClient,
  textBody,
  walk,
} from './clients';

describe('dav clients: cadaver', () => {
  let env: ListeningDav;
  let home: string;

  /** One cadaver session: commands on stdin, credentials from $HOME/.netrc, never a prompt. */
  const cadaver = async (...script: string[]) => {
    const result = await runClient('cadaver', [env.baseUrl], {
      env: { HOME: home, LANG: 'C.UTF-8' },
      cwd: home,
      input: `${[...script, 'quit'].join('\n')}\n`,
      timeoutMs: 20000,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/Username:|Password:|failed/i);
    return result.stdout;
  };
  const davPath = (p: string) =>
    `/dav/files/${env.home.slug}${p
      .split('/')
      .map((s) => encodeURIComponent(s))
      .join('/')}`;
  const rawGet = (p: string) =>
    request(env.testApp.server)
      .get(davPath(p))
      .set('Authorization', basicOf(env))
      .buffer(true)
      .parse(textBody);
  const rawPut = (p: string, body: string) =>
    request(env.testApp.server)
      .put(davPath(p))
      .set('Authorization', basicOf(env))
      .set('Content-Type', 'text/plain')
      .send(body);

  beforeAll(async () => {
    env = await listeningDav('cadaver');
    home = mkdtempSync(path.join(tmpdir(), 'cadaver-'));
    writeFileSync(
      path.join(home, '.netrc'),
      `machine 127.0.0.1 login ${env.email} password ${env.password}\n`,
      { mode: 0o600 },
    );
    writeFileSync(path.join(home, 'notes.txt'), 'notes from cadaver\n');
  }, 60000);
  afterAll(async () => {
    await env?.testApp.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('mkcol, put, ls, get: the server holds what cadaver sent and gives it back', async () => {
    const out = await cadaver(
      'mkcol docs',
      'cd docs',
      'put notes.txt',
      'put notes.txt "two words é.txt"',
      'ls',
      'get notes.txt back.txt',
    );
    expect(out).toContain("Creating `docs': succeeded.");
    expect(out).toMatch(
      /Uploading notes\.txt to `\/dav\/files\/[^']+\/docs\/notes\.txt': .*succeeded/,
    );
    expect(out).toMatch(/^\s+notes\.txt\s+19\s/m);
    expect(out).toMatch(/^\s+two words é\.txt\s+19\s/m);

    expect(await walk(env, '/docs/')).toEqual(
      expect.arrayContaining(['/docs/notes.txt', '/docs/two words é.txt']),
    );
    const onServer = await rawGet('/docs/two words é.txt').expect(200);
    expect(onServer.body).toBe('notes from cadaver\n');
    expect(readFileSync(path.join(home, 'back.txt'), 'utf8')).toBe('notes from cadaver\n');
  });

  it('move renames on the server', async () => {
    const out = await cadaver('cd docs', 'move notes.txt moved.txt', 'ls');
    expect(out).toMatch(
      /Moving `[^']+\/docs\/notes\.txt' to `[^']+\/docs\/moved\.txt':\s+succeeded/,
    );
    expect(out).toMatch(/^\s+moved\.txt\s+19\s/m);
    expect(out).not.toMatch(/^\s+notes\.txt\s/m);
    const listed = await walk(env, '/docs/');
    expect(listed).toContain('/docs/moved.txt');
    expect(listed).not.toContain('/docs/notes.txt');
    await rawGet('/docs/notes.txt').expect(404);
    expect((await rawGet('/docs/moved.txt').expect(200)).body).toBe('notes from cadaver\n');
  });

  it('lock holds off other writers until unlock', async () => {
    const out = await cadaver('cd docs', 'lock moved.txt', 'discover moved.txt');
    expect(out).toContain("Locking `moved.txt': succeeded.");
    const token = /Lock token <(urn:uuid:[^>]+)>/.exec(out)?.[1];
    expect(token).toBeDefined();
    expect(out).toMatch(/Scope: exclusive\s+Type: write/);

    // cadaver leaves its locks in place when it quits: the server still holds this one, shows
    // it in lockdiscovery, and refuses a write without the token.
    expect(await propfind(env, '/docs/moved.txt', '0')).toContain(token!);
    await rawPut('/docs/moved.txt', 'intruder').expect(423);

    // A new session does not know the token: cadaver asks for it on stdin.
    const freed = await cadaver('cd docs', 'unlock moved.txt', token!);
    expect(freed).toMatch(/Unlocking `moved\.txt':Enter locktoken: .*succeeded\./s);
    expect(await propfind(env, '/docs/moved.txt', '0')).not.toContain(token!);
    await rawPut('/docs/moved.txt', 'notes from cadaver\n').expect(204);
  });

  it('propset and propget round-trip a dead property the server stores', async () => {
    const out = await cadaver(
      'cd docs',
      'propset moved.txt color "deep blue"',
      'propget moved.txt color',
      'propget moved.txt',
    );
    expect(out).toContain("Setting property on `moved.txt': succeeded.");
    expect(out).toContain('Value of color is: deep blue');
    expect(out).toMatch(/DAV: getcontentlength = 19\n/);
    expect(out).toMatch(/DAV: displayname = moved\.txt\n/);

    const answer = await new request.Test(
      env.testApp.server,
      'PROPFIND',
      davPath('/docs/moved.txt'),
    )
      .set('Authorization', basicOf(env))
      .set('Depth', '0')
      .set('Content-Type', 'application/xml')
      .send(
        '<D:propfind xmlns:D="DAV:"><D:prop><c:color xmlns:c="http://webdav.org/cadaver/custom-properties/"/></D:prop></D:propfind>',
      )
      .buffer(true)
      .parse(textBody)
      .expect(207);
    expect(answer.body as string).toMatch(/>deep blue</);
    expect(answer.body as string).toContain('HTTP/1.1 200 OK');
  });

  it('delete removes the file and the collection', async () => {
    const out = await cadaver('cd docs', 'delete moved.txt', 'ls', 'cd ..', 'rmcol docs', 'ls');
    expect(out).toContain("Deleting `moved.txt': succeeded.");
    expect(out).toMatch(/^\s+two words é\.txt\s+19\s/m);
    expect(out).not.toMatch(/^\s+moved\.txt\s/m);
    expect(out).toMatch(/Deleting collection `docs': .*succeeded/);
    expect(out).not.toMatch(/^Coll:\s+docs\s/m);
    await rawGet('/docs/moved.txt').expect(404);
    expect(await walk(env, '/')).not.toContain('/docs/');
  });
});
