import type { ArchiveReader } from '@foyer/portability';

export const MEMBERS_PATH = 'members.json';
const ROLES = ['owner', 'admin', 'member', 'child'] as const;
export type ArchiveRole = (typeof ROLES)[number];

/** One person of members.json, as the importer needs them. */
export interface ArchiveMember {
  readonly archiveUserId: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: ArchiveRole;
  readonly joinedAt: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * Reads members.json: an array of members, or `{ members: [...] }`. Each needs an email and a
 * known role; the id (`id` or `userId`) is what the other sections name authors by. Returns
 * the members and, for each line it could not use, why.
 */
export async function readArchiveMembers(
  archive: ArchiveReader & { has(path: string): boolean },
): Promise<{ members: ArchiveMember[]; problems: string[] }> {
  if (!archive.has(MEMBERS_PATH)) return { members: [], problems: ['members.json is missing'] };
  const raw = await archive.readJson<unknown>(MEMBERS_PATH);
  const list: unknown = Array.isArray(raw) ? raw : (raw as { members?: unknown } | null)?.members;
  if (!Array.isArray(list)) return { members: [], problems: ['members.json holds no list'] };
  const members: ArchiveMember[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  list.forEach((item: unknown, index) => {
    const record = (item ?? {}) as Record<string, unknown>;
    const email = text(record.email)?.toLowerCase() ?? null;
    const role = text(record.role);
    if (!email || !EMAIL.test(email)) {
      problems.push(`member ${index + 1} has no valid email`);
      return;
    }
    if (!role || !(ROLES as readonly string[]).includes(role)) {
      problems.push(`${email} has an unknown role ${JSON.stringify(record.role)}`);
      return;
    }
    if (seen.has(email)) {
      problems.push(`${email} is listed twice`);
      return;
    }
    seen.add(email);
    members.push({
      archiveUserId: text(record.id) ?? text(record.userId) ?? email,
      email,
      displayName: text(record.displayName) ?? text(record.name) ?? email,
      role: role as ArchiveRole,
      joinedAt: text(record.joinedAt),
    });
  });
  return { members, problems };
}
