import { FoyerError } from '@foyer/core';
import { isAcceptableEmail, normalizeEmail } from './email-address';

describe('normalizeEmail', () => {
  it('trims, lower-cases and composes (NFC)', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    const decomposed = 'jose\u0301@example.com';
    expect(normalizeEmail(decomposed)).toBe('jos\u00e9@example.com');
  });

  it.each([
    ['a zero-width space', 'mem@example.com\u200b'],
    ['a zero-width joiner', 'm\u200dem@example.com'],
    ['a right-to-left override', 'mem\u202e@example.com'],
    ['a left-to-right mark', '\u200emem@example.com'],
    ['a byte order mark', 'mem@exa\ufeffmple.com'],
    ['a soft hyphen', 'me\u00adm@example.com'],
    ['a NUL', 'mem\u0000@example.com'],
    ['a line feed inside', 'mem@exam\nple.com'],
    ['a no-break space inside', 'mem\u00a0x@example.com'],
    ['a Hangul filler', 'mem\u3164@example.com'],
    ['a variation selector', 'mem\ufe0f@example.com'],
    ['a tag character', 'mem\u{e0041}@example.com'],
    ['two @', 'a@b@example.com'],
    ['no domain dot', 'mem@localhost'],
  ])('refuses an address with %s: 400 INVALID_EMAIL', (_name, raw) => {
    expect(isAcceptableEmail(raw)).toBe(false);
    let caught: unknown;
    try {
      normalizeEmail(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FoyerError);
    expect(caught).toMatchObject({ status: 400, code: 'INVALID_EMAIL' });
  });
});
