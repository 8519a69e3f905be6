import {
  ifHeaderHolds,
  MAX_IF_LISTS,
  MAX_IF_RESOURCES,
  parseIfHeader,
  submittedLockTokens,
} from './dav-if-header';

const TOKEN = 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e';

describe('dav If header', () => {
  it('parses no-tag and tagged lists with Not, state tokens and entity tags', () => {
    expect(parseIfHeader(`(<${TOKEN}> ["e1"]) (Not <DAV:no-lock>)`)).toEqual([
      {
        resource: undefined,
        conditions: [
          { not: false, kind: 'token', value: TOKEN },
          { not: false, kind: 'etag', value: '"e1"' },
        ],
      },
      { resource: undefined, conditions: [{ not: true, kind: 'token', value: 'DAV:no-lock' }] },
    ]);
    const tagged = parseIfHeader(`<http://h/a> (<${TOKEN}>) (["x"]) </b> (NOT ["y"])`);
    expect(tagged.map((list) => list.resource)).toEqual(['http://h/a', 'http://h/a', '/b']);
    expect(tagged[2].conditions[0]).toEqual({ not: true, kind: 'etag', value: '"y"' });
    expect(parseIfHeader(undefined)).toEqual([]);
  });

  it.each(['', '(', '()', '<x>', '(<a> junk)', 'junk', '(Nota <x>)', `(<a>) <b> (<c>)`])(
    'refuses %p with 400',
    (header) => {
      expect(() => parseIfHeader(header)).toThrow(
        expect.objectContaining({ status: 400, code: 'DAV_BAD_IF_HEADER' }),
      );
    },
  );

  it('bounds the lists and the resources one header may name (each costs lookups)', () => {
    expect(parseIfHeader('(["a"])'.repeat(MAX_IF_LISTS))).toHaveLength(MAX_IF_LISTS);
    expect(() => parseIfHeader('(["a"])'.repeat(MAX_IF_LISTS + 1))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    const tagged = (n: number) => Array.from({ length: n }, (_, i) => `</r${i}> (["a"])`).join(' ');
    expect(parseIfHeader(tagged(MAX_IF_RESOURCES))).toHaveLength(MAX_IF_RESOURCES);
    expect(() => parseIfHeader(tagged(MAX_IF_RESOURCES + 1))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });

  it('submits the tokens named without Not', () => {
    expect(submittedLockTokens(parseIfHeader(`(<${TOKEN.toUpperCase()}>) (Not <urn:x>)`))).toEqual([
      TOKEN,
    ]);
  });

  it('holds when one list holds entirely, about its own resource', async () => {
    const states = new Map([
      [undefined, { etag: '"e1"', lockTokens: new Set([TOKEN]) }],
      ['/other', { etag: '"e2"', lockTokens: new Set<string>() }],
    ]);
    const holds = (header: string) =>
      ifHeaderHolds(parseIfHeader(header), async (resource) => states.get(resource)!);
    await expect(holds(`(<${TOKEN}> ["e1"])`)).resolves.toBe(true);
    await expect(holds(`(<${TOKEN}> ["bogus"])`)).resolves.toBe(false);
    await expect(holds(`(<${TOKEN}> ["bogus"]) (Not <DAV:no-lock> ["e1"])`)).resolves.toBe(true);
    await expect(holds(`(W/"e1")`.replace('(', '([').replace(')', '])'))).resolves.toBe(true);
    await expect(holds('(<opaquelocktoken:x>)')).resolves.toBe(false);
    await expect(holds(`</other> (<${TOKEN}>)`)).resolves.toBe(false);
    await expect(holds(`</other> (["e2"])`)).resolves.toBe(true);
  });
});
