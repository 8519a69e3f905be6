import { ArchiveFieldCheck } from './archive-field-check';

function problemsOf(run: (check: ArchiveFieldCheck) => void): string[] {
  const check = new ArchiveFieldCheck();
  run(check);
  return check.problems.map((problem) => `${problem.path} ${problem.message}`);
}

describe('ArchiveFieldCheck: the API’s rules for values an archive brings', () => {
  it('takes media types an HTTP header can carry, and nothing else', () => {
    for (const good of ['text/plain', 'text/plain; charset=utf-8', 'application/vnd.a+json']) {
      expect(problemsOf((check) => check.mediaType('t', good))).toEqual([]);
    }
    for (const bad of ['text/plain\r\nX-A: b', 'text', 'a/b\u0000', 'é/b', 'a/'.padEnd(300, 'b')]) {
      expect(problemsOf((check) => check.mediaType('t', bad))).toHaveLength(1);
    }
    expect(problemsOf((check) => check.mediaType('t', null, true))).toEqual([]);
  });

  it('takes ISO dates that exist', () => {
    for (const good of [
      '2024-02-29T00:00:00Z',
      '2026-03-01T10:04:05.123Z',
      '2026-03-01T10:04+02:00',
    ]) {
      expect(problemsOf((check) => check.dateTime('d', good))).toEqual([]);
    }
    for (const bad of [
      '2025-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      'yesterday',
      1,
      '2026-03-01',
    ]) {
      expect(problemsOf((check) => check.dateTime('d', bad))).toHaveLength(1);
    }
  });

  it('refuses NUL, controls and lone surrogates in text; multi-line text keeps its lines', () => {
    expect(problemsOf((check) => check.text('n', 'a\u0000', { max: 10 }))).toEqual([
      'n cannot contain NUL or other control characters',
    ]);
    expect(problemsOf((check) => check.text('n', 'a\nb', { max: 10 }))).toHaveLength(1);
    expect(problemsOf((check) => check.text('n', 'a\nb', { max: 10, multiline: true }))).toEqual(
      [],
    );
    expect(problemsOf((check) => check.text('n', '\ud800', { max: 10 }))).toEqual([
      'n must be valid Unicode text',
    ]);
    expect(problemsOf((check) => check.text('n', '🏖'.repeat(3), { max: 3 }))).toEqual([]);
    expect(problemsOf((check) => check.text('n', 'abcd', { max: 3 }))).toEqual([
      'n is longer than 3 characters',
    ]);
  });

  it('refuses JSON PostgreSQL cannot store, or nested without end', () => {
    expect(problemsOf((check) => check.jsonObject('s', { a: ['x\u0000'] }))).toHaveLength(1);
    expect(problemsOf((check) => check.jsonObject('s', { 'k\u0000': 1 }))).toHaveLength(1);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { deep };
    expect(problemsOf((check) => check.jsonObject('s', deep))).toEqual([
      's is nested deeper than 32 levels',
    ]);
    expect(problemsOf((check) => check.jsonObject('s', { a: [1, { b: 'ok' }] }))).toEqual([]);
  });

  it('stops collecting at a bound', () => {
    const check = new ArchiveFieldCheck();
    for (let i = 0; i < 1000; i++) check.problem(`p${i}`, 'bad');
    expect(check.problems).toHaveLength(ArchiveFieldCheck.MAX_PROBLEMS);
    expect(check.full).toBe(true);
  });
});
