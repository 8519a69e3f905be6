import { parseLockInfo, parsePropertyUpdate, parsePropfind, unescapeXml } from './dav-xml';

describe('dav xml', () => {
  it('resolves namespaces whatever the prefix, default namespaces included', () => {
    const request = parsePropfind(
      '<a:propfind xmlns:a="DAV:"><a:prop><a:getetag/><b:x xmlns:b="urn:b"/><y xmlns="urn:y"/></a:prop></a:propfind>',
    );
    expect(request).toEqual({
      kind: 'prop',
      names: [
        { ns: 'DAV:', local: 'getetag' },
        { ns: 'urn:b', local: 'x' },
        { ns: 'urn:y', local: 'y' },
      ],
    });
    expect(parsePropfind('<propfind xmlns="DAV:"><allprop/></propfind>')).toEqual({
      kind: 'allprop',
    });
    expect(parsePropfind('')).toEqual({ kind: 'allprop' });
  });

  it('refuses DOCTYPE and ENTITY declarations, undeclared prefixes and other roots', () => {
    for (const body of [
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><D:propfind xmlns:D="DAV:"/>',
      '<!doctype x><D:propfind xmlns:D="DAV:"/>',
      '<D:propfind><D:allprop/></D:propfind>',
      '<D:lockinfo xmlns:D="DAV:"/>',
      '<D:propfind xmlns:D="DAV:">',
    ]) {
      expect(() => parsePropfind(body)).toThrow(expect.objectContaining({ status: 400 }));
    }
  });

  it('reads PROPPATCH sets and removes in order, with text values unescaped', () => {
    expect(
      parsePropertyUpdate(
        '<D:propertyupdate xmlns:D="DAV:" xmlns:z="urn:z"><D:set><D:prop><z:a>1 &lt; 2 &#x26; &#51;</z:a></D:prop></D:set>' +
          '<D:remove><D:prop><z:b/></D:prop></D:remove></D:propertyupdate>',
      ),
    ).toEqual([
      { kind: 'set', name: { ns: 'urn:z', local: 'a' }, value: '1 < 2 & 3' },
      { kind: 'remove', name: { ns: 'urn:z', local: 'b' } },
    ]);
    expect(unescapeXml('&unknown; &amp;amp;')).toBe('&unknown; &amp;');
  });

  it('reads lockinfo', () => {
    expect(
      parseLockInfo(
        '<lockinfo xmlns="DAV:"><lockscope><shared/></lockscope><locktype><write/></locktype><owner>Ada &amp; Bea</owner></lockinfo>',
      ),
    ).toEqual({ scope: 'shared', owner: 'Ada &amp; Bea' });
  });
});
