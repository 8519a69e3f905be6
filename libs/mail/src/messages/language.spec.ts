import { isLanguage, languageOfAcceptLanguage } from './language';

describe('languageOfAcceptLanguage', () => {
  it.each([
    ['fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7', 'fr'],
    ['en-GB, fr;q=0.9', 'en'],
    ['de-DE, fr-CH;q=0.8, en;q=0.5', 'fr'],
    ['en;q=0.5, fr;q=0.6', 'fr'],
    ['fr;q=0, en;q=0.1', 'en'],
    ['FR', 'fr'],
    ['*', null],
    ['de, es;q=0.9', null],
    ['', null],
    [undefined, null],
  ])('%j → %j', (header, expected) => {
    expect(languageOfAcceptLanguage(header)).toBe(expected);
  });
});

describe('isLanguage', () => {
  it('knows only the languages Foyer speaks', () => {
    expect(['en', 'fr', 'de', 'EN', 1, null].map(isLanguage)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
