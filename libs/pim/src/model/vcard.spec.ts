import { FoyerError } from '@foyer/core';
import { PimErrorCode } from '../pim-error-code';
import { toE164 } from './phone';
import { parseVcard, splitVcards } from './vcard';

const card = (lines: string[]) => ['BEGIN:VCARD', ...lines, 'END:VCARD', ''].join('\r\n');

function refusal(run: () => unknown): FoyerError {
  try {
    run();
  } catch (error) {
    if (error instanceof FoyerError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('parseVcard', () => {
  it('reads a vCard 3.0: names, emails, phones in E.164 with the default region', () => {
    const contact = parseVcard(
      card([
        'VERSION:3.0',
        'UID:c-1',
        'FN:Jeanne Dupont',
        'N:Dupont;Jeanne;;;',
        'ORG:Acme;Sales',
        'EMAIL;TYPE=INTERNET:jeanne@example.org',
        'EMAIL:JD@example.com',
        'TEL;TYPE=CELL:06 12 34 56 78',
        'TEL;TYPE=WORK:+1 (415) 555-2671',
        'TEL:call me maybe',
      ]),
      'FR',
    );
    expect(contact).toEqual({
      uid: 'c-1',
      version: '3.0',
      formattedName: 'Jeanne Dupont',
      givenName: 'Jeanne',
      familyName: 'Dupont',
      organization: 'Acme Sales',
      emails: ['jeanne@example.org', 'JD@example.com'],
      phones: ['06 12 34 56 78', '+1 (415) 555-2671', 'call me maybe'],
      phonesE164: ['+33612345678', '+14155552671'],
    });
  });

  it('reads a vCard 4.0 with tel: URIs and another default region', () => {
    const contact = parseVcard(
      card([
        'VERSION:4.0',
        'UID:urn:uuid:0d4b4f5e-2d6b-4c8e-9a1e-3f3f3f3f3f3f',
        'FN:Ann Lee',
        'N:Lee;Ann;;;',
        'TEL;VALUE=uri;TYPE=cell:tel:+44-20-7946-0958',
        'TEL;VALUE=uri:tel:(415) 555-2671;ext=12',
      ]),
      'US',
    );
    expect(contact.version).toBe('4.0');
    expect(contact.uid).toBe('urn:uuid:0d4b4f5e-2d6b-4c8e-9a1e-3f3f3f3f3f3f');
    expect(contact.phonesE164).toEqual(['+442079460958', '+14155552671']);
  });

  it.each([
    ['text that is not a vCard', 'hello world', /Not a vCard|Expected BEGIN:VCARD/],
    ['a calendar', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n', /Expected BEGIN:VCARD/],
    ['no UID', card(['VERSION:3.0', 'FN:A']), /exactly one UID/],
    ['two UIDs', card(['VERSION:3.0', 'UID:a', 'UID:b', 'FN:A']), /exactly one UID/],
    ['no FN', card(['VERSION:4.0', 'UID:a', 'N:A;B;;;']), /formatted name/],
    ['VERSION 2.1', card(['VERSION:2.1', 'UID:a', 'FN:A']), /VERSION must be 3.0 or 4.0/],
    [
      'two cards',
      card(['VERSION:3.0', 'UID:a', 'FN:A']) + card(['VERSION:3.0', 'UID:b', 'FN:B']),
      /One vCard per object/,
    ],
    ['an unterminated card', 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:A\r\n', /.+/],
  ])('refuses %s with INVALID_VCARD and a reason', (_label, text, reason) => {
    const error = refusal(() => parseVcard(text));
    expect(error.code).toBe(PimErrorCode.InvalidVcard);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(reason);
  });
});

describe('splitVcards', () => {
  it('splits a multi-card file and reports the bad cards by position', () => {
    const text =
      card(['VERSION:3.0', 'UID:a', 'FN:Alice']) +
      card(['VERSION:3.0', 'FN:No uid']) +
      card(['VERSION:4.0', 'UID:c', 'FN:Carol']);
    const parts = splitVcards(text);
    expect(parts.map((p) => ('error' in p ? `bad:${p.index}` : p.contact.uid))).toEqual([
      'a',
      'bad:1',
      'c',
    ]);
    const first = parts[0];
    if ('error' in first) throw new Error('first card refused');
    expect(parseVcard(first.content).formattedName).toBe('Alice');
  });
});

describe('toE164', () => {
  it.each([
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+33 6 12 34 56 78', 'US', '+33612345678'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['tel:+1-415-555-2671', 'FR', '+14155552671'],
    ['12', 'FR', null],
    ['not a number', 'FR', null],
    ['', 'FR', null],
  ] as const)('%s in %s → %s', (raw, region, expected) => {
    expect(toE164(raw, region)).toBe(expected);
  });
});
