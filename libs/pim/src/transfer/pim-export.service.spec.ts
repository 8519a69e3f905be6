import { fileNameOf, joinVcards } from './pim-export.service';

describe('export file names and bodies', () => {
  it.each([
    ['Family', 'Family.vcf'],
    ['Round: trip/1', 'Round trip 1.vcf'],
    ['..hidden', 'hidden.vcf'],
    ['a\u0000b\nc', 'a b c.vcf'],
    ['   ', 'collection.vcf'],
    ['Cafe\u0301', 'Caf\u00e9.vcf'],
    ['x'.repeat(300), `${'x'.repeat(120)}.vcf`],
  ])('names "%s" as %s', (displayName, expected) => {
    expect(fileNameOf(displayName, 'vcf')).toBe(expected);
  });

  it('joins cards, ending each with a line break', () => {
    expect(joinVcards(['BEGIN:VCARD\r\nEND:VCARD\r\n', 'BEGIN:VCARD\r\nEND:VCARD'])).toBe(
      'BEGIN:VCARD\r\nEND:VCARD\r\nBEGIN:VCARD\r\nEND:VCARD\r\n',
    );
    expect(joinVcards([])).toBe('');
  });
});
