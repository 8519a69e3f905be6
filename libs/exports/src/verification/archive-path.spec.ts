import { collisionKey, decodeEntryName, unsafePathReason } from './archive-path';

describe('archive paths', () => {
  it.each([
    'README.txt',
    'files/',
    'files/Documents/taxes 2025.pdf',
    'files/🌅 sunrise.jpg',
    'files/..hidden',
    'files/a..b/',
    `files/${'é'.repeat(127)}x`,
  ])('accepts %j', (path) => {
    expect(unsafePathReason(path)).toBeNull();
  });

  it.each([
    ['', /empty/],
    ['/etc/passwd', /absolute/],
    ['C:/Windows', /drive letter/],
    ['c:evil', /drive letter/],
    ['files\\evil', /backslash/],
    ['files/a\u0000b', /NUL/],
    ['files/a\u001bb', /control/],
    ['files/a\u0085b', /control/],
    ['../evil', /climbs/],
    ['files/../../evil', /climbs/],
    ['files/..', /climbs/],
    ['files/../', /climbs/],
    ['files/./a', /"\."/],
    ['files//a', /empty segment/],
    ['files/a//', /empty segment/],
  ])('refuses %j', (path, reason) => {
    expect(unsafePathReason(path)).toMatch(reason);
  });

  it('decodes UTF-8 names and refuses what is not', () => {
    expect(decodeEntryName(Buffer.from('files/ñ.txt'), true)).toEqual({ name: 'files/ñ.txt' });
    expect(decodeEntryName(Buffer.from('files/a.txt'), false)).toEqual({ name: 'files/a.txt' });
    expect(decodeEntryName(Buffer.from('files/ñ.txt'), false).problem).toMatch(/UTF-8 flag/);
    expect(decodeEntryName(Buffer.from([0x61, 0xff]), true).problem).toMatch(/not valid UTF-8/);
  });

  it('makes NFC and NFD forms, and a file and a folder, collide', () => {
    expect(collisionKey('files/cafe\u0301')).toBe(collisionKey('files/caf\u00e9'));
    expect(collisionKey('files/thing/')).toBe(collisionKey('files/thing'));
    expect(collisionKey('files/Notes')).not.toBe(collisionKey('files/notes'));
  });
});
