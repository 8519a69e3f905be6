import { mkdirSync, readdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { basicOf, ListeningDav, listeningDav, runClient, textBody, walk } from './clients';

// davfs2 mounts through FUSE, as root. On this kernel its readdir answers EINVAL whatever the
// server (rclone's own `serve webdav` too), so the suite works by path and never lists the mount.
const CACHE = '/var/cache/davfs2';

describe('dav clients: davfs2', () => {
  let env: ListeningDav;
  let dir: string;
  let mnt: string;
  let mounted = false;

  const sh = (script: string) => runClient('sh', ['-c', script], { timeoutMs: 15000 });
  const umount = async () => {
    const r = await runClient('umount', [mnt], { timeoutMs: 20000 });
    expect(r.code).toBe(0);
    mounted = false;
  };
  const mount = async () => {
    const r = await runClient(
      'mount',
      ['-t', 'davfs', '-o', `conf=${path.join(dir, 'davfs2.conf')}`, env.baseUrl, mnt],
      { timeoutMs: 15000 },
    );
    expect(`${r.code} ${r.stderr}`).toBe('0 ');
    mounted = true;
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

  beforeAll(async () => {
    env = await listeningDav('davfs2');
    dir = mkdtempSync(path.join(tmpdir(), 'davfs2-'));
    mnt = path.join(dir, 'mnt');
    mkdirSync(mnt);
    writeFileSync(path.join(dir, 'secrets'), `${env.baseUrl} "${env.email}" "${env.password}"\n`, {
      mode: 0o600,
    });
    writeFileSync(
      path.join(dir, 'davfs2.conf'),
      [
        `secrets ${path.join(dir, 'secrets')}`,
        'use_locks 1',
        'delay_upload 0',
        'connect_timeout 5',
        'read_timeout 10',
        'retry 1',
        '',
      ].join('\n'),
    );
    await request(env.testApp.server)
      .put(davPath('/from server é.txt'))
      .set('Authorization', basicOf(env))
      .set('Content-Type', 'text/plain')
      .send('written over http\n')
      .expect(201);
  }, 60000);
  afterAll(async () => {
    if (mounted) await runClient('umount', [mnt], { timeoutMs: 20000 });
    await env?.testApp.close();
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
      // mount.davfs (as root) keeps its cache under /var/cache/davfs2, one entry per mount point.
      const tag = path.basename(dir);
      for (const entry of readdirSync(CACHE).filter((name) => name.includes(tag))) {
        rmSync(path.join(CACHE, entry), { recursive: true, force: true });
      }
    }
  });

  it('reads, writes, renames and deletes through the mount; the server sees each change', async () => {
    await mount();
    const read = await sh(`cat '${mnt}/from server é.txt'; stat -c %s '${mnt}/from server é.txt'`);
    expect(read.stderr).toBe('');
    expect(read.stdout).toBe('written over http\n18\n');

    const write = await sh(
      `mkdir '${mnt}/new dir' && printf 'made on the mount\\n' > '${mnt}/new dir/100% #1.txt'`,
    );
    expect(write.stderr).toBe('');
    expect(write.code).toBe(0);
    await umount();
    expect(await walk(env, '/new dir/')).toEqual(['/new dir/100% #1.txt']);
    expect((await rawGet('/new dir/100% #1.txt').expect(200)).body).toBe('made on the mount\n');

    await mount();
    const move = await sh(
      `mv '${mnt}/new dir/100% #1.txt' '${mnt}/renamed 😀.txt' && rm '${mnt}/from server é.txt'`,
    );
    expect(move.stderr).toBe('');
    expect(move.code).toBe(0);
    await umount();
    const after = await walk(env, '/');
    expect(after).toContain('/renamed 😀.txt');
    expect(after).not.toContain('/from server é.txt');
    expect(await walk(env, '/new dir/')).toEqual([]);
    expect((await rawGet('/renamed 😀.txt').expect(200)).body).toBe('made on the mount\n');
  });
});
