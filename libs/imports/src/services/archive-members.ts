import { isEmail } from 'class-validator';
import { isAcceptableEmail, normalizeEmail } from '@foyer/accounts';
import { ArchiveFieldCheck, type ArchiveReader } from '@foyer/portability';

export const MEMBERS_PATH = 'members.json';
const ROLES = ['owner', 'admin', 'member', 'child'] as const;
export type ArchiveRole = (typeof ROLES)[number];

/** As sign-up takes them (SignupDto): an address of at most 254 characters, a name of 100. */
const MAX_EMAIL_LENGTH = 254;
const MAX_DISPLAY_NAME_LENGTH = 100;

/** One person of members.json, as the importer needs them. */
export interface ArchiveMember {
  readonly archiveUserId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: ArchiveRole;
  readonly joinedAt: string | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * Reads members.json: an array of members, or `{ members: [...] }`. Every field is checked as
 * the API checks it (the email as sign-up does — one address, no list, no control character —,
 * the display name, the role, the date), and each problem names its member and field: the
 * accounts created and mailed for these members must be exactly the addresses written here.
 * The id (`id` or `userId`) is what the other sections name authors by.
 */
export async function readArchiveMembers(
  archive: ArchiveReader & { has(path: string): boolean },
): Promise<{ members: ArchiveMember[]; problems: string[] }> {
  if (!archive.has(MEMBERS_PATH)) return { members: [], problems: ['members.json is missing'] };
  const raw = await archive.readJson<unknown>(MEMBERS_PATH);
  const list: unknown = Array.isArray(raw) ? raw : (raw as { members?: unknown } | null)?.members;
  if (!Array.isArray(list)) return { members: [], problems: ['members.json holds no list'] };
  const members: ArchiveMember[] = [];
  const check = new ArchiveFieldCheck();
  const seen = new Set<string>();
  list.forEach((item: unknown, index) => {
    const at = `${MEMBERS_PATH}[${index}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      check.problem(at, 'must be an object');
      return;
    }
    const record = item as Record<string, unknown>;
    const before = check.problems.length;
    if (check.text(`${at}.email`, record.email, { max: MAX_EMAIL_LENGTH })) {
      const raw = record.email as string;
      // The same two rules as sign-up: one address, and nothing invisible that could make a
      // look-alike of someone else's.
      if (!isAcceptableEmail(raw) || !isEmail(normalizeEmail(raw))) {
        check.problem(`${at}.email`, 'must be one email address');
      }
    }
    check.oneOf(`${at}.role`, record.role, ROLES);
    check.text(`${at}.displayName`, record.displayName ?? record.name, {
      max: MAX_DISPLAY_NAME_LENGTH,
      optional: true,
      empty: true,
    });
    check.text(`${at}.id`, record.id ?? record.userId, { max: 100, optional: true });
    check.dateTime(`${at}.joinedAt`, record.joinedAt, true);
    if (check.problems.length > before) return;
    const email = normalizeEmail(record.email as string);
    if (seen.has(email)) {
      check.problem(`${at}.email`, `${email} is listed twice`);
      return;
    }
    seen.add(email);
    members.push({
      archiveUserId: text(record.id) ?? text(record.userId) ?? email,
      email,
      displayName: text(record.displayName) ?? text(record.name) ?? email,
      role: record.role as ArchiveRole,
      joinedAt: text(record.joinedAt),
    });
  });
  return {
    members,
    problems: check.problems.map((problem) => `${problem.path} ${problem.message}`),
  };
}
