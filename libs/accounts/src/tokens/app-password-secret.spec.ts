import { canonicalAppPassword, newAppPassword } from './app-password-secret';
import { newSecretToken, sha256Hex } from './secret-token';

describe('newAppPassword', () => {
  it('gives 32 Crockford base32 symbols (160 bits) in groups of four', () => {
    const password = newAppPassword();
    expect(password).toMatch(/^([0-9a-hjkmnp-tv-z]{4}-){7}[0-9a-hjkmnp-tv-z]{4}$/);
  });

  it('is random', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newAppPassword()));
    expect(seen.size).toBe(200);
  });

  it('uses every symbol of the alphabet over many draws', () => {
    const symbols = new Set(
      Array.from({ length: 100 }, () => newAppPassword().replace(/-/g, '')).join(''),
    );
    expect(symbols.size).toBe(32);
  });
});

describe('canonicalAppPassword', () => {
  it('ignores dashes, spaces and case', () => {
    expect(canonicalAppPassword(' ABCD-efgh ijkm ')).toBe('abcdefghijkm');
  });
});

describe('secret tokens', () => {
  it('are 256-bit base64url strings', () => {
    expect(newSecretToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecretToken()).not.toBe(newSecretToken());
  });

  it('are stored as lower-case SHA-256 hex', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
