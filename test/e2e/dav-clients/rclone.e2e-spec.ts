import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { hrefs, listeningDav, ListeningDav, propfind, runClient, walk } from './clients';

/** Names a sync client must round-trip: spaces, accents, `#`, `%`, an emoji. */
const TREE: Record<string, Buffer> = {
  'plain.txt': Buffer.from('plain text\n'),
  'with space.txt': Buffer.from('a file with a space in its name\n'),
  'Résumé café.md': Buffer.from('# accents\n'),
  'hash#tag.txt': Buffer.from('hash\n'),
  '100% sure.txt': Buffer.from('percent\n'),
  'smile 😀.bin': Buffer.from([0, 1, 2, 3, 255, 254, 253, 10, 13, 0]),
  'sub dir/nested é.txt': Buffer.from('nested\n'),
};

describe('dav clients: rclone', () => {
  let env: ListeningDav;
  let work: string;
  let flags: string[];

  const rclone = (...args: string[]) =>
    runClient('rclone', [...flags, ...args], { env: { HOME: work }, timeoutMs: 20000 });
  const remote = (p = '') => `:webdav:${p}`;

  beforeAll(async () => {
    env = await listeningDav('rclone');
    work = mkdtempSync(path.join(tmpdir(), 'rclone-'));
    const obscured = await runClient('rclone', ['--config', '/dev/null', 'obscure', '-'], {
      input: env.password,
      env: { HOME: work },
    });
    expect(obscured.code).toBe(0);
    flags = [
      '--config',
      '/dev/null',
      '--webdav-url',
      env.baseUrl,
      '--webdav-vendor',
      'other',
      '--webdav-user',
      env.email,
      '--webdav-pass',
      obscured.stdout.trim(),
      '--retries',
      '1',
      '--low-level-retries',
      '1',
      '--contimeout',
      '5s',
      '--timeout',
      '10s',
    ];
    const src = path.join(work, 'src');
    for (const [name, bytes] of Object.entries(TREE)) {
      mkdirSync(path.dirname(path.join(src, name)), { recursive: true });
      writeFileSync(path.join(src, name), bytes);
    }
  }, 60000);
  afterAll(async () => {
    await env?.testApp.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('mkdir, copy an odd-named tree up, list it with sizes, copy it down byte for byte', async () => {
    const mk = await rclone('mkdir', remote('up load'));
    expect(mk.stderr).toBe('');
    expect(mk.code).toBe(0);
    expect(hrefs(env, await propfind(env, '/'))).toContain('/up load/');

    const up = await rclone('copy', path.join(work, 'src'), remote('up load'));
    expect(up.stderr).not.toMatch(/ERROR/);
    expect(up.code).toBe(0);

    const seen = await walk(env, '/up load/');
    for (const name of Object.keys(TREE)) expect(seen).toContain(`/up load/${name}`);

    const ls = await rclone('ls', remote('up load'));
    expect(ls.code).toBe(0);
    const sizes = new Map(
      ls.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const m = /^\s*(\d+) (.*)$/.exec(line);
          return [m![2], Number(m![1])] as const;
        }),
    );
    expect(sizes).toEqual(
      new Map(Object.entries(TREE).map(([name, bytes]) => [name, bytes.length])),
    );

    const json = await rclone('lsjson', '-R', remote('up load'));
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout) as { Path: string; Size: number; IsDir: boolean }[];
    expect(entries.find((e) => e.Path === 'sub dir')?.IsDir).toBe(true);
    expect(entries.find((e) => e.Path === 'smile 😀.bin')).toMatchObject({
      Size: TREE['smile 😀.bin'].length,
      IsDir: false,
    });
    expect(entries.filter((e) => !e.IsDir)).toHaveLength(Object.keys(TREE).length);

    const check = await rclone('check', path.join(work, 'src'), remote('up load'));
    expect(check.stderr).toMatch(/0 differences found/);
    expect(check.code).toBe(0);

    const down = path.join(work, 'down');
    const back = await rclone('copy', remote('up load'), down);
    expect(back.code).toBe(0);
    for (const [name, bytes] of Object.entries(TREE)) {
      expect(readFileSync(path.join(down, name)).equals(bytes)).toBe(true);
    }
  });

  it('check notices a difference, moveto renames, delete removes', async () => {
    const src = path.join(work, 'src');
    writeFileSync(path.join(work, 'changed.txt'), 'changed!\n');
    const changed = await rclone(
      'copyto',
      path.join(work, 'changed.txt'),
      remote('up load/plain.txt'),
    );
    expect(changed.code).toBe(0);
    const differs = await rclone('check', src, remote('up load'));
    expect(differs.code).not.toBe(0);
    expect(differs.stderr).toMatch(/1 differences found/);
    expect(differs.stderr).toContain('plain.txt');

    const moved = await rclone(
      'moveto',
      remote('up load/hash#tag.txt'),
      remote('up load/sub dir/renamed 100% #2 😀.txt'),
    );
    expect(moved.stderr).not.toMatch(/ERROR/);
    expect(moved.code).toBe(0);
    const seen = await walk(env, '/up load/');
    expect(seen).not.toContain('/up load/hash#tag.txt');
    expect(seen).toContain('/up load/sub dir/renamed 100% #2 😀.txt');
    const cat = await rclone('cat', remote('up load/sub dir/renamed 100% #2 😀.txt'));
    expect(cat.stdout).toBe('hash\n');

    const del = await rclone('delete', remote('up load'), '--include', '*.txt');
    expect(del.code).toBe(0);
    const left = await rclone('lsf', '-R', '--files-only', remote('up load'));
    expect(left.code).toBe(0);
    expect(left.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'Résumé café.md',
      'smile 😀.bin',
    ]);

    const purge = await rclone('purge', remote('up load'));
    expect(purge.code).toBe(0);
    expect(hrefs(env, await propfind(env, '/'))).not.toContain('/up load/');
  });

  it('with the owncloud vendor, files keep their modification times (X-OC-Mtime)', async () => {
    const dated = path.join(work, 'dated');
    const dates: Record<string, Date> = {
      'holiday 2001.jpg': new Date('2001-07-14T10:20:30Z'),
      'sub/letter 1999.txt': new Date('1999-12-31T23:59:58Z'),
    };
    for (const [name, date] of Object.entries(dates)) {
      mkdirSync(path.dirname(path.join(dated, name)), { recursive: true });
      writeFileSync(path.join(dated, name), `${name}\n`);
      utimesSync(path.join(dated, name), date, date);
    }
    const owncloud = flags.map((flag) => (flag === 'other' ? 'owncloud' : flag));
    expect(owncloud).toContain('owncloud');
    const run = (...args: string[]) =>
      runClient('rclone', [...owncloud, ...args], { env: { HOME: work }, timeoutMs: 20000 });

    const up = await run('copy', dated, remote('dated'));
    expect(up.stderr).not.toMatch(/ERROR/);
    expect(up.code).toBe(0);

    const listed = await run('lsjson', '-R', '--files-only', remote('dated'));
    expect(listed.code).toBe(0);
    const entries = JSON.parse(listed.stdout) as { Path: string; ModTime: string }[];
    expect(
      new Map(entries.map((entry) => [entry.Path, new Date(entry.ModTime).toISOString()])),
    ).toEqual(new Map(Object.entries(dates).map(([name, date]) => [name, date.toISOString()])));
    // rclone agrees nothing differs, dates included, and a second copy sends nothing.
    const check = await run('check', dated, remote('dated'));
    expect(check.code).toBe(0);
    const again = await run('copy', '-v', dated, remote('dated'));
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/Copied/);

    // Back down, the dates come with the files.
    const down = path.join(work, 'dated-down');
    expect((await run('copy', remote('dated'), down)).code).toBe(0);
    for (const [name, date] of Object.entries(dates)) {
      expect(statSync(path.join(down, name)).mtime.toISOString()).toBe(date.toISOString());
    }
  });
});
