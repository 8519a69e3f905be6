import {
  MAX_DAV_PROPERTIES,
  MAX_XML_DEPTH,
  MAX_XML_ELEMENTS,
  parseLockInfo,
  parsePropertyUpdate,
  parsePropfind,
  parseXml,
  unescapeXml,
} from './dav-xml';

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

  it('refuses a prefix bound to the empty namespace (litmus propfind_invalid2)', () => {
    expect(() =>
      parsePropfind(
        '<D:propfind xmlns:D="DAV:"><D:prop><bar:foo xmlns:bar=""/></D:prop></D:propfind>',
      ),
    ).toThrow(expect.objectContaining({ status: 400, code: 'DAV_BAD_XML' }));
    // The default namespace may be undeclared with xmlns="".
    expect(
      parsePropfind('<D:propfind xmlns:D="DAV:"><D:prop><foo xmlns=""/></D:prop></D:propfind>'),
    ).toEqual({
      kind: 'prop',
      names: [{ ns: '', local: 'foo' }],
    });
  });

  it('caps what a body may ask for: properties, changes, elements, nesting (413)', () => {
    const props = (n: number) =>
      `<D:propfind xmlns:D="DAV:"><D:prop>${Array.from({ length: n }, (_, i) => `<x:p${i} xmlns:x="urn:x"/>`).join('')}</D:prop></D:propfind>`;
    expect(parsePropfind(props(MAX_DAV_PROPERTIES))).toMatchObject({ kind: 'prop' });
    expect(() => parsePropfind(props(MAX_DAV_PROPERTIES + 1))).toThrow(
      expect.objectContaining({ status: 413, code: 'DAV_REQUEST_TOO_COMPLEX' }),
    );
    // The same property asked for again and again is one property.
    const same = `<D:propfind xmlns:D="DAV:"><D:prop>${'<D:getetag/>'.repeat(100)}</D:prop></D:propfind>`;
    expect(parsePropfind(same)).toEqual({
      kind: 'prop',
      names: [{ ns: 'DAV:', local: 'getetag' }],
    });
    const sets = `<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>${Array.from({ length: MAX_DAV_PROPERTIES + 1 }, (_, i) => `<x:p${i} xmlns:x="urn:x">v</x:p${i}>`).join('')}</D:prop></D:set></D:propertyupdate>`;
    expect(() => parsePropertyUpdate(sets)).toThrow(expect.objectContaining({ status: 413 }));
    expect(() => parseXml(`<a>${'<b/>'.repeat(MAX_XML_ELEMENTS)}</a>`)).toThrow(
      expect.objectContaining({ status: 413 }),
    );
    const nested = (n: number) => `${'<a>'.repeat(n)}${'</a>'.repeat(n)}`;
    expect(parseXml(nested(MAX_XML_DEPTH)).local).toBe('a');
    expect(() => parseXml(nested(MAX_XML_DEPTH + 1))).toThrow(
      expect.objectContaining({ status: 413 }),
    );
  });
});
