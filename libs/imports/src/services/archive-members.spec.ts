import { Readable } from 'node:stream';
import type { ArchiveEntryIn, ArchiveReader } from '@foyer/portability';
import { readArchiveMembers } from './archive-members';

function archiveWith(members: unknown): ArchiveReader & { has(path: string): boolean } {
  const text = JSON.stringify(members);
  return {
    has: (path) => members !== undefined && path === 'members.json',
    list: (): readonly ArchiveEntryIn[] => [],
    open: async () => Readable.from([Buffer.from(text)]),
    readJson: async <T>() => JSON.parse(text) as T,
  };
}

describe('readArchiveMembers', () => {
  it('reads the export’s members.json (id, email, display name, role, joined)', async () => {
    const { members, problems } = await readArchiveMembers(
      archiveWith([
        {
          id: 'a1',
          email: ' Ada@Example.com ',
          displayName: 'Ada',
          role: 'owner',
          joinedAt: '2024-01-01T00:00:00.000Z',
        },
        { id: 'b2', email: 'bob@example.com', displayName: '', role: 'child' },
      ]),
    );
    expect(problems).toEqual([]);
    expect(members).toEqual([
      {
        archiveUserId: 'a1',
        email: 'ada@example.com',
        displayName: 'Ada',
        role: 'owner',
        joinedAt: '2024-01-01T00:00:00.000Z',
      },
      {
        archiveUserId: 'b2',
        email: 'bob@example.com',
        displayName: 'bob@example.com',
        role: 'child',
        joinedAt: null,
      },
    ]);
  });

  it('accepts `{ members: [...] }` too', async () => {
    const { members } = await readArchiveMembers(
      archiveWith({ members: [{ email: 'x@example.com', role: 'admin' }] }),
    );
    expect(members).toEqual([expect.objectContaining({ archiveUserId: 'x@example.com' })]);
  });

  it.each([
    ['no email', [{ role: 'owner' }], 'members.json[0].email is missing'],
    [
      'an unknown role',
      [{ email: 'a@example.com', role: 'king' }],
      'members.json[0].role must be one of owner, admin, member, child',
    ],
    // An address list would create one account and mail another address.
    [
      'two addresses in one',
      [{ email: 'a,bcc@example.com', role: 'owner' }],
      'members.json[0].email must be one email address',
    ],
    [
      'a line break in the address',
      [{ email: 'a@example.com\r\nBcc: b@example.com', role: 'owner' }],
      'members.json[0].email cannot contain NUL or other control characters',
    ],
    // A look-alike of someone's address: a zero-width space after it.
    [
      'an invisible character in the address',
      [{ email: 'mem@example.com\u200b', role: 'owner' }],
      'members.json[0].email must be one email address',
    ],
    [
      'a NUL in the display name',
      [{ email: 'a@example.com', displayName: 'A\u0000', role: 'owner' }],
      'members.json[0].displayName cannot contain NUL',
    ],
    [
      'a display name longer than sign-up takes',
      [{ email: 'a@example.com', displayName: 'x'.repeat(101), role: 'owner' }],
      'members.json[0].displayName is longer than 100 characters',
    ],
    [
      'a date that does not exist',
      [{ email: 'a@example.com', role: 'owner', joinedAt: '2025-02-30T00:00:00Z' }],
      'members.json[0].joinedAt must be an ISO 8601 date',
    ],
    ['a member that is not an object', ['a@example.com'], 'members.json[0] must be an object'],
    [
      'the same email twice',
      [
        { email: 'a@example.com', role: 'owner' },
        { email: 'A@example.com', role: 'member' },
      ],
      'listed twice',
    ],
    ['no list', { people: [] }, 'holds no list'],
  ])('reports %s', async (_what, content, problem) => {
    const { problems } = await readArchiveMembers(archiveWith(content));
    expect(problems.join('; ')).toContain(problem);
  });

  it('reports a missing members.json', async () => {
    const { members, problems } = await readArchiveMembers(archiveWith(undefined));
    expect(members).toEqual([]);
    expect(problems).toEqual(['members.json is missing']);
  });
});
