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
    ['no email', [{ role: 'owner' }], 'member 1 has no valid email'],
    ['an unknown role', [{ email: 'a@example.com', role: 'king' }], 'unknown role "king"'],
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
