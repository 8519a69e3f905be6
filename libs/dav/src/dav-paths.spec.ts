import { hrefOf, parseDavPath, parseDestination } from './dav-paths';

describe('dav paths', () => {
  it('decodes each segment on its own', () => {
    expect(parseDavPath('/dav/files/home/Caf%C3%A9%20menu/a%2Bb.txt?x=1')).toEqual({
      slug: 'home',
      names: ['Café menu', 'a+b.txt'],
      path: '/Café menu/a+b.txt',
    });
    expect(parseDavPath('/dav/files/home/')).toEqual({ slug: 'home', names: [], path: '/' });
    expect(parseDavPath('/dav/files/home/Docs/').names).toEqual(['Docs']);
  });

  it.each([
    '/dav/files/home/../other/x',
    '/dav/files/home/%2e%2e/x',
    '/dav/files/home/%2E/x',
    '/dav/files/home/a%2Fb',
    '/dav/files/home/a%5Cb',
    '/dav/files/home/a//b',
    '/dav/files/home/%E0%A4%A',
    '/dav/files/',
    '/api/v1/x',
  ])('refuses %s', (path) => {
    expect(() => parseDavPath(path)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('takes a Destination as an absolute URL on this host, or a path, without resolving dots', () => {
    expect(parseDestination('http://foyer.test/dav/files/home/a%20b', 'foyer.test').names).toEqual([
      'a b',
    ]);
    expect(parseDestination('/dav/files/home/x', undefined).names).toEqual(['x']);
    expect(() => parseDestination('http://foyer.test/dav/files/home/../x', 'foyer.test')).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    expect(() => parseDestination('https://evil.test/dav/files/home/x', 'foyer.test')).toThrow(
      expect.objectContaining({ status: 502 }),
    );
    expect(() => parseDestination(undefined, 'foyer.test')).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });

  it('encodes hrefs', () => {
    expect(hrefOf('home', ['Café menu', 'a#b'], false)).toBe(
      '/dav/files/home/Caf%C3%A9%20menu/a%23b',
    );
    expect(hrefOf('home', [], true)).toBe('/dav/files/home/');
  });
});
