import { execFile } from 'node:child_process';
import request from 'supertest';
import { findFreePort } from '../../../libs/core/src/database/free-port';
import { createTestApp, TestApp } from '../../harness/test-app';
import { ownerWithHousehold, FilesFixture } from '../files/files-fixture';

export interface ClientResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a client binary with a hard timeout; never rejects, so tests assert on the result. */
export function runClient(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {},
): Promise<ClientResult> {
  return new Promise((resolve) => {
    const child = execFile(
      command,
      args,
      {
        env: { ...process.env, ...options.env },
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 15000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({
          code,
          stdout,
          stderr: error && code === -1 ? `${stderr}\n${error.message}` : stderr,
        });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

export interface ListeningDav extends FilesFixture {
  testApp: TestApp;
  port: number;
  email: string;
  password: string;
  /** `http://127.0.0.1:<port>/dav/files/<slug>/` */
  baseUrl: string;
}

/** The api on a free loopback port, with a verified owner, an active household and an app password. */
export async function listeningDav(label: string): Promise<ListeningDav> {
  const testApp = await createTestApp();
  const port = await findFreePort();
  await testApp.app.listen(port, '127.0.0.1');
  const fx = await ownerWithHousehold(testApp, `${label} home`);
  const created = await request(testApp.server)
    .post('/api/v1/me/app-passwords')
    .set(fx.owner.auth)
    .send({ label })
    .expect(201);
  const password = (created.body as { password: string }).password;
  return {
    ...fx,
    testApp,
    port,
    email: fx.owner.email,
    password,
    baseUrl: `http://127.0.0.1:${port}/dav/files/${fx.home.slug}/`,
  };
}

/** `Basic base64(email:password)` */
export function basicOf(env: ListeningDav): string {
  return `Basic ${Buffer.from(`${env.email}:${env.password}`).toString('base64')}`;
}

/** A Depth 1 PROPFIND of a collection (path relative to the household root), as raw XML. */
export async function propfind(env: ListeningDav, path = '/', depth = '1'): Promise<string> {
  const response = await new request.Test(
    env.testApp.server,
    'PROPFIND',
    `/dav/files/${env.home.slug}${path}`,
  )
    .set('Authorization', basicOf(env))
    .set('Depth', depth)
    .buffer(true)
    .parse(textBody);
  if (response.status !== 207) throw new Error(`PROPFIND ${path}: ${response.status}`);
  return response.body as string;
}

/** The hrefs in a multistatus, decoded and relative to the household root. */
export function hrefs(env: ListeningDav, xml: string): string[] {
  const prefix = `/dav/files/${env.home.slug}`;
  return [...xml.matchAll(/<D:href>([^<]*)<\/D:href>/g)].map((m) => {
    const href = decodeURIComponent(m[1]);
    const path = href.replace(/^https?:\/\/[^/]+/, '');
    return path.startsWith(prefix) ? path.slice(prefix.length) : path;
  });
}

/** Every path under a collection (Depth 1 walks, as the server refuses Depth infinity). */
export async function walk(env: ListeningDav, dir: string): Promise<string[]> {
  const encoded = dir
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  const found = hrefs(env, await propfind(env, encoded)).filter((p) => p !== dir);
  const nested = await Promise.all(found.filter((p) => p.endsWith('/')).map((p) => walk(env, p)));
  return [...found, ...nested.flat()];
}

/** A supertest parser that keeps any body as a UTF-8 string (in `response.body`). */
export function textBody(
  response: request.Response,
  callback: (error: Error | null, body: string) => void,
): void {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.on('end', () => callback(null, text));
}
