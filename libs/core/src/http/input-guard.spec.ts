import { inputDefect, MAX_BODY_DEPTH } from './input-guard';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = level % 2 ? [value] : { a: value };
  return value;
}

describe('inputDefect', () => {
  it.each([
    ['a plain body', { email: 'a@example.com', tags: ['x', 'y'], n: 1, ok: true, none: null }],
    ['nothing', undefined],
    ['a Buffer (a raw body)', Buffer.from([0, 0, 0])],
    ['nesting at the limit', nested(MAX_BODY_DEPTH)],
  ])('finds nothing in %s', (_name, body) => {
    expect(inputDefect(body)).toBeNull();
  });

  it.each([
    ['a string', { name: 'a\u0000b' }],
    ['a key', { 'k\u0000': 1 }],
    ['an array deep down', { list: [{ x: ['fine', 'no\u0000'] }] }],
    ['a bare string body', '\u0000'],
  ])('finds a NUL in %s', (_name, body) => {
    expect(inputDefect(body)).toBe('nul');
  });

  it.each([
    ['a lone high surrogate', { name: 'a\ud800' }],
    ['a lone low surrogate in a key', { '\udfff x': 1 }],
    ['a reversed pair', ['\udc00\ud800']],
  ])('finds half a surrogate pair in %s', (_name, body) => {
    expect(inputDefect(body)).toBe('surrogate');
  });

  it('lets a real pair (an emoji) through', () => {
    expect(inputDefect({ name: 'Tea 🫖 at five' })).toBeNull();
  });

  it('finds nesting past the limit, and measures a very deep body without recursing', () => {
    expect(inputDefect(nested(MAX_BODY_DEPTH + 1))).toBe('deep');
    expect(inputDefect(nested(200_000))).toBe('deep');
  });
});
