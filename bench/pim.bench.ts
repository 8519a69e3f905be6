/**
 * `npm run bench:pim`: how long Debian's vdirsyncer takes to sync a family's contacts and
 * calendar with Foyer, against Debian's Radicale holding the same data on the same machine.
 *
 * Foyer: a fresh, migrated database of the local PostgreSQL server, the api in a child process
 * (the sources through ts-node; the built program with `--built`), 5,000 vCards
 * in the Family address book and 5,000 events (one in ten weekly-recurring) in the Family
 * calendar, PUT through CardDAV / CalDAV. Radicale (`python3 -m radicale`, filesystem storage,
 * `--auth-type none`) gets the same texts, written straight into its storage folder.
 *
 * Measured for each server, with the same vdirsyncer configuration (two pairs, a CardDAV and a
 * CalDAV storage against local filesystem storages, `collections = ["from a"]`, after
 * `vdirsyncer discover`): the first `vdirsyncer sync` (everything downloaded), then, after one
 * contact and one event changed on the server, an incremental `vdirsyncer sync`. Wall-clock of
 * the vdirsyncer process; the ratio Foyer / Radicale says how much slower (>1) or faster Foyer is.
 *
 * Sizes: `--contacts N --events N` (default 5000 each), or FOYER_BENCH_PIM_ITEMS=N for both
 * (a reduced run). `--admin-url postgresql://...` for another PostgreSQL.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { POSTGRES_ADMIN_URL } from '../test/harness/harness-env';
import {
  benchDatabaseName,
  benchEnvironment,
  call,
  createDatabase,
  dropDatabase,
  freePort,
  signUpVerifiedUser,
  stopProcess,
} from './bench-support';

interface Options {
  contacts: number;
  events: number;
  adminUrl: string;
  /** Run the built program (`npm run build` first) rather than the sources. */
  built: boolean;
}

function parseOptions(argv: string[]): Options {
  const items = Number(process.env.FOYER_BENCH_PIM_ITEMS ?? 5000);
  const options: Options = {
    contacts: items,
    events: items,
    adminUrl: POSTGRES_ADMIN_URL,
    built: false,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--built') {
      options.built = true;
      i -= 1;
    } else if (name === '--contacts') options.contacts = Number(value);
    else if (name === '--events') options.events = Number(value);
    else if (name === '--admin-url') options.adminUrl = value;
    else throw new Error(`Unknown argument ${name}`);
  }
  if (!(options.contacts >= 1) || !(options.events >= 1)) {
    throw new Error('--contacts and --events are positive numbers');
  }
  return options;
}

const pad = (i: number) => String(i).padStart(5, '0');

function contact(i: number, version = 0): string {
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `UID:bench-contact-${pad(i)}`,
    `FN:Person ${pad(i)}${version ? ` v${version}` : ''}`,
    `N:${pad(i)};Person;;;`,
    `EMAIL;TYPE=INTERNET:person${i}@example.org`,
    `TEL;TYPE=CELL:+33 6 ${String(10000000 + i).slice(0, 2)} ${String(10000000 + i).slice(2, 4)} ${String(10000000 + i).slice(4, 6)} ${String(10000000 + i).slice(6, 8)}`,
    'ORG:Bench',
    'END:VCARD',
    '',
  ].join('\r\n');
}

function event(i: number, version = 0): string {
  const day = new Date(Date.UTC(2026, 0, 1) + (i % 365) * 86400000);
  const stamp = day.toISOString().slice(0, 10).replace(/-/g, '');
  const hour = String(8 + (i % 10)).padStart(2, '0');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Foyer bench//EN',
    'BEGIN:VEVENT',
    `UID:bench-event-${pad(i)}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${stamp}T${hour}0000Z`,
    `DTEND:${stamp}T${hour}3000Z`,
    `SUMMARY:Event ${pad(i)}${version ? ` v${version}` : ''}`,
    ...(i % 10 === 0 ? ['RRULE:FREQ=WEEKLY;COUNT=20'] : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

function send(
  agent: http.Agent,
  url: string,
  method: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** PUTs every item, 8 in flight; returns the seconds it took. */
async function putAll(
  base: string,
  authorization: string,
  items: { path: string; body: string; type: string }[],
): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i];
      const answer = await send(
        agent,
        `${base}${item.path}`,
        'PUT',
        { Authorization: authorization, 'Content-Type': item.type },
        item.body,
      );
      if (answer.status !== 201 && answer.status !== 204) {
        throw new Error(`PUT ${item.path}: ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  agent.destroy();
  return (performance.now() - started) / 1000;
}

/** The api from the sources (ts-node), or from `dist/` with `--built`. */
async function startApi(
  env: Record<string, string>,
  built: boolean,
): Promise<{ child: ChildProcess; base: string; how: string }> {
  const root = path.resolve(__dirname, '..');
  if (built && !existsSync(path.join(root, 'dist', 'libs', 'pim'))) {
    throw new Error('--built runs the built program: run `npm run build` first');
  }
  const port = await freePort();
  // From the sources: what `foyer serve` runs, without the CLI (it reads dist's package.json).
  const fromSources =
    "const { serve } = require('@foyer/api'); const core = require('@foyer/core');" +
    ' core.runUntilSignal(() => serve(core.loadConfig()));';
  const args = built
    ? [path.join(root, 'bin', 'foyer.js'), 'serve']
    : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', fromSources];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`The api exited (${child.exitCode})`);
    const healthy = await fetch(`${base}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { child, base, how: built ? 'built (dist/)' : 'sources (ts-node)' };
    if (i > 1200) {
      await stopProcess(child);
      throw new Error('The api did not start in 2 minutes');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function startRadicale(folder: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(
    '/usr/bin/python3',
    [
      '-m',
      'radicale',
      '--storage-filesystem-folder',
      folder,
      '--server-hosts',
      `127.0.0.1:${port}`,
      '--auth-type',
      'none',
      '--logging-level',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`radicale exited (${child.exitCode})`);
    const up = await fetch(`${base}/.web/`).then(
      () => true,
      () => false,
    );
    if (up) return { child, base };
    if (i > 200) {
      await stopProcess(child);
      throw new Error('radicale did not start in 20 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A vdirsyncer configuration syncing a server's collections into `dir`. */
function vdirsyncerConfig(dir: string, url: string, username: string, password: string): string {
  const config = path.join(dir, 'config');
  const remote = (type: string) =>
    [
      `type = "${type}"`,
      `url = "${url}"`,
      `username = "${username}"`,
      `password = "${password}"`,
    ].join('\n');
  const local = (name: string, ext: string) =>
    ['type = "filesystem"', `path = "${path.join(dir, name)}/"`, `fileext = "${ext}"`].join('\n');
  writeFileSync(
    config,
    [
      '[general]',
      `status_path = "${path.join(dir, 'status')}/"`,
      '[pair contacts]',
      'a = "remote_contacts"',
      'b = "local_contacts"',
      'collections = ["from a"]',
      'conflict_resolution = "a wins"',
      '[storage remote_contacts]',
      remote('carddav'),
      '[storage local_contacts]',
      local('contacts', '.vcf'),
      '[pair calendars]',
      'a = "remote_calendars"',
      'b = "local_calendars"',
      'collections = ["from a"]',
      'conflict_resolution = "a wins"',
      '[storage remote_calendars]',
      remote('caldav'),
      '[storage local_calendars]',
      local('calendars', '.ics'),
      '',
    ].join('\n'),
  );
  return config;
}

/** Runs vdirsyncer; returns its wall-clock seconds (throws when it fails). */
function vdirsyncer(config: string, home: string, ...args: string[]): number {
  const started = performance.now();
  const result = spawnSync('vdirsyncer', ['-c', config, ...args], {
    input: 'y\n'.repeat(20),
    env: { PATH: process.env.PATH ?? '', HOME: home, LANG: 'C.UTF-8' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30 * 60 * 1000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    throw new Error(
      `vdirsyncer ${args.join(' ')} failed (${result.status}):\n${result.stderr.slice(-2000)}`,
    );
  }
  return seconds;
}

function countFiles(dir: string): number {
  const result = spawnSync(
    'find',
    [dir, '-type', 'f', '(', '-name', '*.vcf', '-o', '-name', '*.ics', ')'],
    {
      encoding: 'utf8',
    },
  );
  return result.stdout.split('\n').filter((line) => line !== '').length;
}

interface Timings {
  first: number;
  incremental: number;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const runStarted = performance.now();
  const work = mkdtempSync(path.join(tmpdir(), 'foyer-bench-pim-'));
  const databaseName = benchDatabaseName();
  let api: ChildProcess | undefined;
  let radicale: ChildProcess | undefined;
  let databaseCreated = false;
  console.log(
    `PIM benchmark: vdirsyncer first and incremental sync of ${options.contacts} contacts and ` +
      `${options.events} events (1 in 10 recurring), Foyer against Radicale`,
  );
  try {
    const contacts = Array.from({ length: options.contacts }, (_, i) => contact(i));
    const events = Array.from({ length: options.events }, (_, i) => event(i));

    // Foyer.
    const db = await createDatabase(options.adminUrl, databaseName);
    databaseCreated = true;
    const apiData = path.join(work, 'api-data');
    mkdirSync(apiData);
    const started = await startApi(benchEnvironment(db, apiData), options.built);
    api = started.child;
    const base = started.base;
    const { token, email } = await signUpVerifiedUser(base, db.ownerUrl);
    const created = await call(base, 'POST', '/api/v1/households', token, { name: 'Bench PIM' });
    if (created.status !== 202) throw new Error(`POST /households: ${created.status}`);
    const householdId = created.body.id as string;
    let slug = '';
    for (let i = 0; ; i++) {
      const state = await call(base, 'GET', `/api/v1/households/${householdId}`, token);
      if (state.body.status === 'active') {
        slug = state.body.slug as string;
        break;
      }
      if (i > 400) throw new Error('The household did not become active');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const appPassword = await call(base, 'POST', '/api/v1/me/app-passwords', token, {
      label: 'bench',
    });
    const password = appPassword.body.password as string;
    const basic = `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
    const contactPath = (i: number) =>
      `/dav/addressbooks/${slug}/family/bench-contact-${pad(i)}.vcf`;
    const eventPath = (i: number) => `/dav/calendars/${slug}/family/bench-event-${pad(i)}.ics`;
    const loadSeconds = await putAll(base, basic, [
      ...contacts.map((body, i) => ({ path: contactPath(i), body, type: 'text/vcard' })),
      ...events.map((body, i) => ({ path: eventPath(i), body, type: 'text/calendar' })),
    ]);
    console.log(
      `Foyer (${started.how}): ${options.contacts + options.events} objects PUT through ` +
        `CardDAV/CalDAV in ${loadSeconds.toFixed(1)} s (${((options.contacts + options.events) / loadSeconds).toFixed(0)}/s, 8 in flight)`,
    );

    // Radicale: the same texts in its storage folder (a collection is a folder of items).
    const storage = path.join(work, 'radicale');
    const user = path.join(storage, 'collection-root', 'bench');
    const book = path.join(user, 'contacts');
    const calendar = path.join(user, 'calendar');
    mkdirSync(book, { recursive: true });
    mkdirSync(calendar, { recursive: true });
    writeFileSync(
      path.join(book, '.Radicale.props'),
      JSON.stringify({ tag: 'VADDRESSBOOK', 'D:displayname': 'Family' }),
    );
    writeFileSync(
      path.join(calendar, '.Radicale.props'),
      JSON.stringify({
        tag: 'VCALENDAR',
        'D:displayname': 'Family',
        'C:supported-calendar-component-set': 'VEVENT,VTODO',
      }),
    );
    contacts.forEach((body, i) =>
      writeFileSync(path.join(book, `bench-contact-${pad(i)}.vcf`), body),
    );
    events.forEach((body, i) =>
      writeFileSync(path.join(calendar, `bench-event-${pad(i)}.ics`), body),
    );
    const rad = await startRadicale(storage);
    radicale = rad.child;

    const measure = async (
      label: string,
      url: string,
      username: string,
      secret: string,
      change: () => Promise<void>,
    ): Promise<Timings> => {
      const dir = path.join(work, `sync-${label}`);
      mkdirSync(dir);
      const config = vdirsyncerConfig(dir, url, username, secret);
      vdirsyncer(config, dir, 'discover');
      const first = vdirsyncer(config, dir, 'sync');
      const synced = countFiles(dir);
      if (synced !== options.contacts + options.events) {
        throw new Error(`${label}: ${synced} files after the first sync`);
      }
      await change();
      const incremental = vdirsyncer(config, dir, 'sync');
      return { first, incremental };
    };

    const agent = new http.Agent({ keepAlive: false });
    const foyer = await measure('foyer', `${base}/dav/`, email, password, async () => {
      for (const [p, body, type] of [
        [contactPath(1), contact(1, 2), 'text/vcard'],
        [eventPath(1), event(1, 2), 'text/calendar'],
      ]) {
        const answer = await send(
          agent,
          `${base}${p}`,
          'PUT',
          { Authorization: basic, 'Content-Type': type },
          body,
        );
        if (answer.status !== 204) throw new Error(`Foyer change: ${answer.status}`);
      }
    });
    const reference = await measure('radicale', `${rad.base}/`, 'bench', 'bench', async () => {
      const auth = `Basic ${Buffer.from('bench:bench').toString('base64')}`;
      for (const [p, body, type] of [
        ['/bench/contacts/bench-contact-00001.vcf', contact(1, 2), 'text/vcard'],
        ['/bench/calendar/bench-event-00001.ics', event(1, 2), 'text/calendar'],
      ]) {
        const answer = await send(
          agent,
          `${rad.base}${p}`,
          'PUT',
          { Authorization: auth, 'Content-Type': type },
          body,
        );
        if (answer.status !== 201 && answer.status !== 204)
          throw new Error(`Radicale change: ${answer.status}`);
      }
    });
    agent.destroy();

    const row = (label: string, t: Timings) =>
      console.log(
        `${label.padEnd(30)} first sync ${t.first.toFixed(2).padStart(8)} s   incremental ${t.incremental.toFixed(2).padStart(7)} s`,
      );
    console.log('');
    row('Foyer (/dav/, Basic auth)', foyer);
    row('Radicale 3 (filesystem)', reference);
    console.log(
      `\nratio Foyer / Radicale: first sync ${(foyer.first / reference.first).toFixed(2)}x, ` +
        `incremental ${(foyer.incremental / reference.incremental).toFixed(2)}x`,
    );
  } finally {
    if (radicale) await stopProcess(radicale);
    if (api) await stopProcess(api);
    if (databaseCreated) await dropDatabase(options.adminUrl, databaseName);
    rmSync(work, { recursive: true, force: true });
    console.log(`Run took ${((performance.now() - runStarted) / 1000).toFixed(1)} s`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
