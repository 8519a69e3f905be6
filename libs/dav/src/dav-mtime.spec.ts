import { parseLastModified, parseOcMtime } from './dav-mtime';

describe('dav modification times', () => {
  it('reads X-OC-Mtime as unix seconds, fractions cut to milliseconds', () => {
    expect(parseOcMtime(undefined)).toBeUndefined();
    expect(parseOcMtime('981173106')?.toISOString()).toBe('2001-02-03T04:05:06.000Z');
    expect(parseOcMtime(' 981173106.1239 ')?.toISOString()).toBe('2001-02-03T04:05:06.123Z');
    expect(parseOcMtime('-86400')?.toISOString()).toBe('1969-12-31T00:00:00.000Z');
  });

  it.each(['', 'now', '1e9', '0x10', '12.', '9999999999999', '253402300800'])(
    'refuses X-OC-Mtime %p with 400',
    (value) => {
      expect(() => parseOcMtime(value)).toThrow(
        expect.objectContaining({ status: 400, code: 'DAV_BAD_MTIME' }),
      );
    },
  );

  it('reads DAV:getlastmodified as an HTTP-date, or unix seconds', () => {
    expect(parseLastModified('Sat, 03 Feb 2001 04:05:06 GMT').toISOString()).toBe(
      '2001-02-03T04:05:06.000Z',
    );
    expect(parseLastModified('981173106').toISOString()).toBe('2001-02-03T04:05:06.000Z');
    for (const bad of ['yesterday', '2001-02-03', 'Sat, 03 Feb 2001 04:05:06 PST', '']) {
      expect(() => parseLastModified(bad)).toThrow(expect.objectContaining({ status: 400 }));
    }
  });
});
