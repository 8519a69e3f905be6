import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listeningDav, ListeningDav, runClient } from './clients';

/**
 * Debian's litmus, each suite run on its own (the `litmus` wrapper stops at the first failing
 * suite, so a failure in `basic` would hide the others). A suite prints
 * `<- summary for `<suite>': of N tests run: P passed, F failed. X%` and, when a test warned,
 * `-> W warnings were issued.`
 */
const SUITES = ['basic', 'copymove', 'props', 'locks', 'http'] as const;
const LITMUS_DIR = '/usr/libexec/litmus';
const HTDOCS = '/usr/share/litmus/htdocs';

describe('dav clients: litmus', () => {
  let env: ListeningDav;
  let work: string;

  beforeAll(async () => {
    env = await listeningDav('litmus');
    work = mkdtempSync(path.join(tmpdir(), 'litmus-'));
  }, 60000);
  afterAll(async () => {
    await env?.testApp.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(SUITES)(
    '%s: every test passes',
    async (suite) => {
      const result = await runClient(
        path.join(LITMUS_DIR, suite),
        ['--htdocs', HTDOCS, env.baseUrl, env.email, env.password],
        { cwd: work, timeoutMs: 120000 },
      );
      const summary = new RegExp(
        `summary for .${suite}': of (\\d+) tests run: (\\d+) passed, (\\d+) failed`,
      ).exec(result.stdout);
      if (!summary || Number(summary[3]) !== 0) {
        throw new Error(`litmus ${suite} failed:\n${result.stdout}\n${result.stderr}`);
      }
      expect(Number(summary[1])).toBeGreaterThan(0);
      expect(Number(summary[2])).toBe(Number(summary[1]));
      // No warning is accepted either: each one litmus printed here was a real fault, now fixed.
      expect(result.stdout.split('\n').filter((line) => /WARNING:/.test(line))).toEqual([]);
      expect(result.code).toBe(0);
    },
    150000,
  );
});
