/**
 * `npm run bench:dav`: how long a WebDAV client waits to list a big folder. 1,000 small files in
 * one folder of a household (uploaded through the REST API, PUT .../files/content, so every row,
 * object and event is made the way a user's upload makes it), then PROPFIND Depth: 1 on that
 * folder at /dav/files/<slug>/Bench/, with the prop list a typical sync client (rclone) asks for,
 * not allprop; `--rounds` times after a warm-up, median and p95.
 *
 * The reference, in the same run, is Apache httpd with mod_dav + mod_dav_fs serving the same
 * 1,000 files from a temporary folder: a mature, widely deployed WebDAV server whose listing is a
 * readdir + stat per entry, so it is close to the floor of what a PROPFIND of this folder costs on
 * this machine. The ratio Foyer / Apache says how much the api adds to it (authentication, the
 * database, the household's policies, the XML). Apache runs with its own config file in a
 * temporary ServerRoot (`-f`, `-d`, `-DFOREGROUND`, as a child process; `User nobody` when run as
 * root), on a free loopback port, and is stopped at the end; no system configuration is touched.
 *
 * Both are measured the same way: one Node client, keep-alive, one request at a time, the whole
 * response body read. The built api (`foyer serve`; `npm run build` first) runs in a child process on a fresh,
 * migrated database of the local PostgreSQL server, with the disk object storage and the
 * in-process job queue in a temporary FOYER_DATA_DIR; Basic auth with an app password.
 *
 * Arguments: `--files N` (default 1000), `--rounds N` (default 50), `--warmup N` (default 5),
 * `--apache /usr/sbin/apache2`, `--modules /usr/lib/apache2/modules`, `--admin-url postgresql://...`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@foyer/core';
import { POSTGRES_ADMIN_URL } from '../test/harness/harness-env';
import {
  benchDatabaseName,
  benchEnvironment,
  call,
  createDatabase,
  dropDatabase,
  ms,
  signUpVerifiedUser,
  startBuiltApi,
  summary,
} from './bench-support';

interface Options {
  files: number;
  rounds: number;
  warmup: number;
  apache: string;
  modules: string;
  adminUrl: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    files: 1000,
    rounds: 50,
    warmup: 5,
    apache: '/usr/sbin/apache2',
    modules: '/usr/lib/apache2/modules',
    adminUrl: POSTGRES_ADMIN_URL,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--files') options.files = Number(value);
    else if (name === '--rounds') options.rounds = Number(value);
    else if (name === '--warmup') options.warmup = Number(value);
    else if (name === '--apache') options.apache = value;
    else if (name === '--modules') options.modules = value;
    else if (name === '--admin-url') options.adminUrl = value;
    else throw new Error(`Unknown argument ${name}`);
  }
  if (!(options.files >= 1) || !(options.rounds >= 1) || !(options.warmup >= 0)) {
    throw new Error('--files and --rounds are positive numbers, --warmup is not negative');
  }
  return options;
}

/** The prop list rclone sends with PROPFIND (a typical sync client). */
const PROPFIND_BODY =
  '<?xml version="1.0" encoding="utf-8"?>\n' +
  '<d:propfind xmlns:d="DAV:"><d:prop>' +
  '<d:displayname/><d:getlastmodified/><d:getcontentlength/><d:resourcetype/>' +
  '<d:getcontenttype/><d:getetag/>' +
  '</d:prop></d:propfind>';

const fileName = (i: number) => `file-${String(i).padStart(5, '0')}.txt`;
const fileContent = (i: number) => `Small file number ${i} of the WebDAV benchmark.\n`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface DavResponse {
  status: number;
  body: string;
}

/** One request on the keep-alive agent, the whole body read. */
function request(
  agent: http.Agent,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<DavResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** PROPFIND Depth: 1, `warmup` + `rounds` times; the timings of the rounds after the warm-up. */
async function measurePropfind(
  url: URL,
  authorization: string | undefined,
  options: Options,
): Promise<{ timings: number[]; bytes: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const headers: Record<string, string> = {
    Depth: '1',
    'Content-Type': 'application/xml; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(PROPFIND_BODY)),
    ...(authorization ? { Authorization: authorization } : {}),
  };
  const timings: number[] = [];
  let bytes = 0;
  try {
    for (let i = 0; i < options.warmup + options.rounds; i++) {
      const started = performance.now();
      const answer = await request(agent, url, 'PROPFIND', headers, PROPFIND_BODY);
      const elapsed = performance.now() - started;
      if (answer.status !== 207) {
        throw new Error(`PROPFIND ${url}: ${answer.status} ${answer.body.slice(0, 300)}`);
      }
      const entries = answer.body.split('</D:response>').length - 1;
      if (entries !== options.files + 1) {
        throw new Error(`PROPFIND ${url}: ${entries} entries, expected ${options.files + 1}`);
      }
      if (i >= options.warmup) timings.push(elapsed);
      bytes = Buffer.byteLength(answer.body);
    }
  } finally {
    agent.destroy();
  }
  return { timings, bytes };
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Apache httpd with mod_dav + mod_dav_fs in its own ServerRoot; resolves once it answers. */
async function startApache(
  options: Options,
  serverRoot: string,
  documentRoot: string,
  port: number,
): Promise<ChildProcess> {
  const asRoot = userInfo().uid === 0;
  const lockDir = path.join(serverRoot, 'lock');
  mkdirSync(lockDir);
  if (asRoot) {
    // httpd refuses to keep root for its workers: they run as nobody, who must read the files
    // and write the lock database.
    chownSync(lockDir, 65534, 65534);
    chmodSync(serverRoot, 0o755);
  }
  const modules = ['mpm_event', 'authz_core', 'mime', 'dav', 'dav_fs'];
  const config = [
    `ServerRoot "${serverRoot}"`,
    `ServerName 127.0.0.1`,
    `Listen 127.0.0.1:${port}`,
    `PidFile "${path.join(serverRoot, 'httpd.pid')}"`,
    `DefaultRuntimeDir "${serverRoot}"`,
    `Mutex file:${serverRoot} default`,
    `ErrorLog "${path.join(serverRoot, 'error.log')}"`,
    'LogLevel warn',
    ...modules.map(
      (name) => `LoadModule ${name}_module "${path.join(options.modules, `mod_${name}.so`)}"`,
    ),
    ...(asRoot ? ['User nobody', 'Group nogroup'] : []),
    existsSync('/etc/mime.types') ? 'TypesConfig /etc/mime.types' : '',
    'KeepAlive On',
    'MaxKeepAliveRequests 0',
    'KeepAliveTimeout 30',
    `DavLockDB "${path.join(lockDir, 'DavLock')}"`,
    `DocumentRoot "${documentRoot}"`,
    '<Directory />',
    '  Require all denied',
    '</Directory>',
    `<Directory "${documentRoot}">`,
    '  Dav On',
    '  Require all granted',
    '</Directory>',
  ].join('\n');
  const configFile = path.join(serverRoot, 'httpd.conf');
  writeFileSync(configFile, `${config}\n`);
  const child = spawn(options.apache, ['-d', serverRoot, '-f', configFile, '-DFOREGROUND'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C' },
  });
  const agent = new http.Agent({ keepAlive: false });
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`apache exited (${child.exitCode})`);
      const answer = await request(
        agent,
        new URL(`http://127.0.0.1:${port}/`),
        'OPTIONS',
        {},
      ).catch(() => undefined);
      if (answer) break;
      if (i > 200) throw new Error('apache did not start in 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  } finally {
    agent.destroy();
  }
  return child;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  Logger.overrideLogger(['error']);
  const runStarted = performance.now();
  if (!existsSync(options.apache)) throw new Error(`No apache httpd at ${options.apache}`);
  const databaseName = benchDatabaseName();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'foyer-bench-dav-'));
  const apacheRoot = mkdtempSync(path.join(tmpdir(), 'foyer-bench-apache-'));
  console.log(
    `WebDAV benchmark: PROPFIND Depth 1 on a folder of ${options.files} small files, ` +
      `${options.rounds} rounds after ${options.warmup} warm-up, rclone's prop list, ` +
      'one keep-alive client, sequential',
  );
  let api: ChildProcess | undefined;
  let apache: ChildProcess | undefined;
  let databaseCreated = false;
  try {
    const db = await createDatabase(options.adminUrl, databaseName);
    databaseCreated = true;
    const env = benchEnvironment(db, dataDir);
    if (loadConfig(env).storage.kind !== 'disk') throw new Error('The benchmark expects disk');
    console.log(
      `Set-up: database ${databaseName}; api data in ${dataDir}; apache in ${apacheRoot}`,
    );

    const started = await startBuiltApi(env);
    api = started.child;
    const base = started.base;
    const { token, email } = await signUpVerifiedUser(base, db.ownerUrl);
    const created = await call(base, 'POST', '/api/v1/households', token, { name: 'Bench DAV' });
    if (created.status !== 202) throw new Error(`POST /households: ${created.status}`);
    const householdId = created.body.id as string;
    let slug: string | undefined;
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
    if (appPassword.status !== 201) throw new Error(`app password: ${appPassword.status}`);
    const basic = `Basic ${Buffer.from(`${email}:${appPassword.body.password as string}`).toString('base64')}`;

    // The files: through the REST API (one folder, then one PUT per file, 8 in flight).
    const folder = await call(
      base,
      'POST',
      `/api/v1/households/${householdId}/files/folders`,
      token,
      {
        path: '/Bench',
      },
    );
    if (folder.status !== 201)
      throw new Error(`folder: ${folder.status} ${JSON.stringify(folder.body)}`);
    const uploadStarted = performance.now();
    const uploadAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    let next = 0;
    const uploader = async () => {
      for (let i = next++; i < options.files; i = next++) {
        const content = fileContent(i);
        const answer = await request(
          uploadAgent,
          new URL(
            `${base}/api/v1/households/${householdId}/files/content?path=${encodeURIComponent(`/Bench/${fileName(i)}`)}`,
          ),
          'PUT',
          {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'text/plain',
            'Content-Length': String(Buffer.byteLength(content)),
          },
          content,
        );
        if (answer.status !== 201) throw new Error(`upload ${i}: ${answer.status} ${answer.body}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, uploader));
    uploadAgent.destroy();
    const uploadSeconds = (performance.now() - uploadStarted) / 1000;

    // The same files for apache.
    const documentRoot = path.join(apacheRoot, 'htdocs');
    const apacheFolder = path.join(documentRoot, 'Bench');
    mkdirSync(apacheFolder, { recursive: true, mode: 0o755 });
    chmodSync(documentRoot, 0o755);
    chmodSync(apacheFolder, 0o755);
    for (let i = 0; i < options.files; i++) {
      writeFileSync(path.join(apacheFolder, fileName(i)), fileContent(i), { mode: 0o644 });
    }
    const port = await freePort();
    apache = await startApache(options, apacheRoot, documentRoot, port);
    console.log(
      `${options.files} files uploaded through PUT /api/v1/households/:hid/files/content in ` +
        `${uploadSeconds.toFixed(1)} s; apache on 127.0.0.1:${port}\n`,
    );

    const foyer = await measurePropfind(
      new URL(`${base}/dav/files/${slug}/Bench/`),
      basic,
      options,
    );
    const reference = await measurePropfind(
      new URL(`http://127.0.0.1:${port}/Bench/`),
      undefined,
      options,
    );
    const f = summary(foyer.timings);
    const a = summary(reference.timings);
    const row = (label: string, s: ReturnType<typeof summary>, bytes: number) =>
      console.log(
        `${label.padEnd(34)} median ${ms(s.p50).padStart(10)}   p95 ${ms(s.p95).padStart(10)}   ` +
          `max ${ms(s.max).padStart(10)}   ${(bytes / 1024).toFixed(0)} KiB`,
      );
    console.log(`PROPFIND Depth 1, ${options.files + 1} entries (${options.rounds} rounds)`);
    row('Foyer (/dav/files, Basic auth)', f, foyer.bytes);
    row('Apache httpd mod_dav_fs', a, reference.bytes);
    console.log(
      `\nratio Foyer / Apache: median ${(f.p50 / a.p50).toFixed(1)}x, p95 ${(f.p95 / a.p95).toFixed(1)}x`,
    );
  } finally {
    if (apache) {
      apache.kill('SIGTERM');
      await waitForExit(apache);
    }
    if (api) {
      api.kill('SIGTERM');
      await waitForExit(api);
    }
    if (databaseCreated) await dropDatabase(options.adminUrl, databaseName);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(apacheRoot, { recursive: true, force: true });
    console.log(`Run took ${((performance.now() - runStarted) / 1000).toFixed(1)} s`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
