import { parseRange } from './byte-ranges';

describe('parseRange', () => {
  const size = 1000;

  it('serves the whole file without a Range', () => {
    expect(parseRange(undefined, size)).toEqual({ kind: 'full' });
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-', 100, 999],
    ['bytes=-100', 900, 999],
    ['bytes=-5000', 0, 999],
    ['bytes=990-2000', 990, 999],
    ['bytes=999-999', 999, 999],
    ['BYTES = 5-9', 5, 9],
  ])('reads %s', (header, start, end) => {
    expect(parseRange(header, size)).toEqual({ kind: 'partial', range: { start, end } });
  });

  it.each([['bytes=1000-'], ['bytes=1000-1001'], ['bytes=5000-6000'], ['bytes=-0']])(
    'finds %s unsatisfiable',
    (header) => {
      expect(parseRange(header, size)).toEqual({ kind: 'unsatisfiable' });
    },
  );

  it.each([
    ['items=0-5'],
    ['bytes='],
    ['bytes=-'],
    ['bytes=abc'],
    ['bytes=5-1'],
    ['bytes=1.5-3'],
    ['bytes=0-1,5-9'],
    ['bytes=99999999999999999999-'],
  ])('ignores the malformed or multiple %s (whole file)', (header) => {
    expect(parseRange(header, size)).toEqual({ kind: 'full' });
  });

  it('sends an empty file whole', () => {
    expect(parseRange('bytes=0-10', 0)).toEqual({ kind: 'full' });
  });
});
