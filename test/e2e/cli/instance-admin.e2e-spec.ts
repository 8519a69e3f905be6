import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { handArchive } from '../imports/import-helpers';
import { embedded, runFoyer } from './built-foyer';

const OWNER = 'grandma@example.com';
const MEMBER = 'kid@example.com';

/**
 * A fresh server that receives a household by `foyer import` has an administrator: its owner.
 * Without one, sign-up is closed and nobody could ever administer it. The operator then names
 * others with `foyer admin` (the built program, on a data directory of its own).
 */
describe('foyer import into a fresh server, then foyer admin', () => {
  let work: string;
  let env: Record<string, string>;

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'foyer-instance-admin-'));
    // PostgreSQL runs as its own user when the suite runs as root: it must reach the folder.
    chmodSync(work, 0o755);
    env = embedded(path.join(work, 'data'));
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const administrators = async (): Promise<string[]> => {
    const run = await runFoyer(['admin', 'list'], env);
    expect(run.code).toBe(0);
    return run.stdout
      .split('\n')
      .filter((line) => line.includes('\t'))
      .map((line) => line.split('\t')[0]);
  };

  it('makes the owner of the first household imported the administrator', async () => {
    expect(await administrators()).toEqual([]);
    const archive = path.join(work, 'family.zip');
    const members = [
      {
        id: '11111111-1111-4111-8111-111111111111',
        email: OWNER,
        displayName: 'Grandma',
        role: 'owner',
      },
      {
        id: '33333333-3333-4333-8333-333333333333',
        email: MEMBER,
        displayName: 'Kid',
        role: 'member',
      },
    ];
    await handArchive(archive, [{ path: 'files/', data: '' }], { slug: 'family', members });
    const run = await runFoyer(['import', archive], env);
    expect(run.stderr).not.toContain('Import failed');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${OWNER} is now the administrator of this Foyer`);
    expect(await administrators()).toEqual([OWNER]);

    // A second household imported into the same server changes nothing: it has an administrator.
    const second = path.join(work, 'second.zip');
    await handArchive(second, [{ path: 'files/', data: '' }], {
      slug: 'neighbours',
      members: [{ ...members[1], role: 'owner' }],
    });
    const again = await runFoyer(['import', second], env);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('is now the administrator');
    expect(await administrators()).toEqual([OWNER]);
  }, 300_000);

  it('grants, lists and revokes, and never revokes the last administrator', async () => {
    const last = await runFoyer(['admin', 'revoke', OWNER], env);
    expect(last.stderr).toContain('LAST_INSTANCE_ADMIN');
    expect(last.code).toBe(1);
    expect(await administrators()).toEqual([OWNER]);

    const granted = await runFoyer(['admin', 'grant', ` ${MEMBER.toUpperCase()} `], env);
    expect(granted.code).toBe(0);
    expect(granted.stdout).toContain(`${MEMBER} is an administrator of this Foyer`);
    expect(await administrators()).toEqual([OWNER, MEMBER]);

    const revoked = await runFoyer(['admin', 'revoke', OWNER], env);
    expect(revoked.code).toBe(0);
    expect(await administrators()).toEqual([MEMBER]);
    const lastAgain = await runFoyer(['admin', 'revoke', MEMBER], env);
    expect(lastAgain.code).toBe(1);
    expect(await administrators()).toEqual([MEMBER]);
  }, 300_000);
});
