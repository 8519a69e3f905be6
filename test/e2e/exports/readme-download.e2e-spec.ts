import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '../../../libs/core/src/database/free-port';
import { uploadFile } from '../../factories/file.factory';
import { createTestApp, TestApp } from '../../harness/test-app';
import { ownerWithHousehold } from '../files/files-fixture';
import { downloadExport, requestExport, waitForExport } from './export-helpers';

const run = promisify(execFile);
const README = path.resolve(__dirname, '../../../README.md');

/** The README's download command, as a person copies it: the line that downloads an export. */
async function readmeDownloadCommand(): Promise<string> {
  const readme = await fs.readFile(README, 'utf8');
  const line = readme.split('\n').find((each) => /^curl .*\/exports\/<id>\/download/.test(each));
  if (!line) throw new Error('The README has no curl command that downloads an export');
  return line.replace(/\s+#.*$/, '');
}

/**
 * The README's resumable download, with this machine's curl (Debian's): it must run at all
 * (curl refuses `-C -` with `-J`), and a second run must finish an interrupted download.
 */
describe('README: downloading an export with curl', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let workdir: string;

  beforeAll(async () => {
    const port = await findFreePort();
    baseUrl = `http://127.0.0.1:${port}`;
    testApp = await createTestApp({ PORT: String(port), FOYER_PUBLIC_URL: baseUrl });
    await testApp.app.listen(port, '127.0.0.1');
    workdir = await fs.mkdtemp(path.join(tmpdir(), 'foyer-readme-'));
  });
  afterAll(async () => {
    await testApp?.close();
    if (workdir) await fs.rm(workdir, { recursive: true, force: true });
  });

  it('downloads the archive, and resumes an interrupted download where it stopped', async () => {
    const { owner, home } = await ownerWithHousehold(testApp, 'The Martins');
    await uploadFile(testApp, owner, home.id, '/Documents/big.bin', Buffer.alloc(300_000, 7));
    const created = await requestExport(testApp.server, owner, home.id);
    await waitForExport(testApp.server, owner, home.id, created.id);
    const archive = (await downloadExport(testApp.server, owner, home.id, created.id)).body;

    const command = (await readmeDownloadCommand())
      .replace('https://foyer.example', baseUrl)
      .replace('the-martins/exports', `${home.slug}/exports`)
      .replace('<id>', created.id);
    const output = /-o (\S+)/.exec(command)?.[1];
    expect(output).toBeDefined();
    const shell = (cwd: string) =>
      run('sh', ['-c', `${command} --fail --silent --show-error`], {
        cwd,
        env: { ...process.env, TOKEN: owner.accessToken },
      });

    // A whole download.
    const whole = path.join(workdir, 'whole');
    await fs.mkdir(whole);
    await shell(whole);
    expect((await fs.readFile(path.join(whole, output ?? ''))).equals(archive)).toBe(true);

    // An interrupted one: the first part is on disk; running the command again completes it.
    const resumed = path.join(workdir, 'resumed');
    await fs.mkdir(resumed);
    await fs.writeFile(path.join(resumed, output ?? ''), archive.subarray(0, 100_000));
    await shell(resumed);
    expect((await fs.readFile(path.join(resumed, output ?? ''))).equals(archive)).toBe(true);
  });
});
