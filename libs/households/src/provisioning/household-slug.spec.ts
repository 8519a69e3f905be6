import {
  FALLBACK_SLUG,
  MAX_SLUG_LENGTH,
  hasSlugFormat,
  isReservedSlug,
  isUsableSlug,
  slugCandidates,
  slugFromName,
} from './household-slug';

function first(base: string, count: number): string[] {
  const candidates = slugCandidates(base);
  return Array.from({ length: count }, () => candidates.next().value as string);
}

describe('slugFromName', () => {
  it.each([
    ['The Martins', 'the-martins'],
    ['  Hélène & Noël  ', 'helene-noel'],
    ['Straße Weiß', 'strasse-weiss'],
    ['Łódź Ærø Œuvre', 'lodz-aero-oeuvre'],
    ['ＦＵＬＬ　ＷＩＤＴＨ １２', 'full-width-12'],
    ['---Dashes---and___underscores!!!', 'dashes-and-underscores'],
    ['Ångström 2024', 'angstrom-2024'],
    ['Ça-va? Oui.', 'ca-va-oui'],
  ])('%j → %j', (name, slug) => {
    expect(slugFromName(name)).toBe(slug);
  });

  it('falls back to `household` when nothing Latin is left', () => {
    expect(slugFromName('山田家')).toBe(FALLBACK_SLUG);
    expect(slugFromName('🏠🏠')).toBe(FALLBACK_SLUG);
    expect(slugFromName('---')).toBe(FALLBACK_SLUG);
  });

  it('keeps at most 48 characters and never ends on a hyphen', () => {
    const slug = slugFromName(`${'a'.repeat(47)} bcdef`);
    expect(slug).toBe('a'.repeat(47));
    expect(slugFromName('x'.repeat(100))).toHaveLength(MAX_SLUG_LENGTH);
  });

  it('always has the database format', () => {
    for (const name of ['A', '9 lives', 'é', ' x ', `${'ab-'.repeat(30)}`, 'Ünïcødé ñame']) {
      expect(hasSlugFormat(slugFromName(name))).toBe(true);
    }
  });
});

describe('slugCandidates', () => {
  it('tries the base, then -2, -3, ...', () => {
    expect(first('the-martins', 3)).toEqual(['the-martins', 'the-martins-2', 'the-martins-3']);
  });

  it('never offers a reserved word: a reserved base starts at -2', () => {
    expect(first('admin', 2)).toEqual(['admin-2', 'admin-3']);
    expect(first('h', 1)).toEqual(['h-2']);
  });

  it('never offers something shaped like a household id', () => {
    const uuid = '0b7e4c1a-3f52-4d1e-9a6b-2c8d9e0f1a2b';
    expect(isReservedSlug(uuid)).toBe(true);
    expect(first(slugFromName(uuid), 1)).toEqual([`${uuid}-2`]);
  });

  it('shortens the base so a suffix stays within 48 characters', () => {
    const base = 'b'.repeat(MAX_SLUG_LENGTH);
    const [, second] = first(base, 2);
    expect(second).toBe(`${'b'.repeat(46)}-2`);
    expect(second).toHaveLength(MAX_SLUG_LENGTH);
    const tenth = first(base, 10)[9];
    expect(tenth).toBe(`${'b'.repeat(45)}-10`);
  });

  it('does not leave a hyphen before the suffix when shortening cuts at one', () => {
    const base = `${'c'.repeat(45)}-dd`;
    expect(first(base, 2)[1]).toBe(`${'c'.repeat(45)}-2`);
  });
});

describe('slug rules', () => {
  it.each(['api', 'www', 'admin', 'dav', 'h', 'static', 'assets', 'health', 'metrics', 'mail'])(
    'reserves %s',
    (word) => {
      expect(isReservedSlug(word)).toBe(true);
      expect(isUsableSlug(word)).toBe(false);
    },
  );

  it.each(['', '-a', 'a-', 'A', 'a_b', 'a.b', 'é', 'x'.repeat(49)])(
    'refuses the format %j',
    (slug) => {
      expect(hasSlugFormat(slug)).toBe(false);
    },
  );

  it.each(['a', '7', 'a-b', 'a--b', 'x'.repeat(48)])('accepts the format %j', (slug) => {
    expect(hasSlugFormat(slug)).toBe(true);
  });
});
