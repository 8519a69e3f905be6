import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HouseholdPermission, PERMISSION_MATRIX } from './household-permission';
import { HOUSEHOLD_ROLES, HouseholdRole } from './household-role';

const ROLES_DOC = path.resolve(__dirname, '../../../../docs/roles.md');
const ALLOWED = '✓';
const DENIED = '—';

interface DocTable {
  roles: string[];
  rows: Map<string, Map<string, string>>;
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** The first Markdown table under "## Permission matrix": header, separator, then one row each. */
function readMatrix(markdown: string): DocTable {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^## Permission matrix\s*$/.test(line));
  if (start < 0) throw new Error('docs/roles.md has no "## Permission matrix" section');
  const tableStart = lines.findIndex((line, index) => index > start && line.startsWith('|'));
  const table: string[] = [];
  for (let index = tableStart; index < lines.length && lines[index].startsWith('|'); index++) {
    table.push(lines[index]);
  }
  const [header, separator, ...body] = table;
  if (!header || !separator || !/^[|\s:-]+$/.test(separator)) {
    throw new Error('The permission matrix is not a Markdown table');
  }
  const columns = cells(header);
  const roles = columns.slice(2);
  const rows = new Map<string, Map<string, string>>();
  for (const line of body) {
    const [permissionCell, , ...marks] = cells(line);
    const permission = /^`([^`]+)`$/.exec(permissionCell)?.[1];
    if (!permission) throw new Error(`A matrix row without a \`permission\`: ${line}`);
    if (rows.has(permission)) throw new Error(`${permission} appears twice in the matrix`);
    rows.set(permission, new Map(roles.map((role, index) => [role, marks[index]])));
  }
  return { roles, rows };
}

describe('docs/roles.md', () => {
  const doc = readMatrix(readFileSync(ROLES_DOC, 'utf8'));

  it('has one column per role, in rank order', () => {
    expect(doc.roles).toEqual([...HOUSEHOLD_ROLES]);
  });

  it('lists exactly the permissions of PERMISSION_MATRIX', () => {
    expect([...doc.rows.keys()].sort()).toEqual(Object.values(HouseholdPermission).sort());
  });

  it.each(Object.values(HouseholdPermission))(
    'agrees with PERMISSION_MATRIX on %s',
    (permission) => {
      const documented = doc.rows.get(permission);
      expect(documented).toBeDefined();
      for (const role of HOUSEHOLD_ROLES) {
        const mark = documented?.get(role);
        expect([ALLOWED, DENIED]).toContain(mark);
        expect({ permission, role, allowed: mark === ALLOWED }).toEqual({
          permission,
          role,
          allowed: PERMISSION_MATRIX[permission].includes(role as HouseholdRole),
        });
      }
    },
  );

  it('notices a difference (the parser is not vacuous)', () => {
    const markdown = readFileSync(ROLES_DOC, 'utf8').replace(
      /(\| `household\.view` +\|[^|]+\|[^|]+\|[^|]+\|[^|]+\|)\s+✓\s+\|/,
      `$1 ${DENIED} |`,
    );
    const altered = readMatrix(markdown);
    expect(altered.rows.get(HouseholdPermission.View)?.get(HouseholdRole.Child)).toBe(DENIED);
  });
});
