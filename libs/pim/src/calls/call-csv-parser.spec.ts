import { CallCsvHeaderError, decodeCsv, parseCallCsv, toE164 } from './call-csv-parser';
import { parseCallDate, parseCost, parseDirection, parseDuration } from './call-values';
import { wallClockToInstant } from './local-time';

const PARIS = { defaultRegion: 'FR' as const, timeZone: 'Europe/Paris' };

describe('parseCallCsv', () => {
  it('reads a semicolon file with French headers, decimal commas and dd/mm/yyyy dates', () => {
    const csv = [
      'Date et heure;Numéro appelé;Durée;Montant (€)',
      '14/03/2025 09:05:33;06 12 34 56 78;00:02:05;0,15',
      '14/03/2025 18:40;+44 20 7946 0958;1:02:03;"1,20"',
    ].join('\r\n');
    const parsed = parseCallCsv(csv, PARIS);
    expect(parsed.delimiter).toBe(';');
    expect(parsed.skipped).toEqual([]);
    expect(parsed.calls).toEqual([
      {
        line: 2,
        startedAt: new Date('2025-03-14T08:05:33Z'),
        rawNumber: '06 12 34 56 78',
        e164: '+33612345678',
        durationSeconds: 125,
        cost: '0.15',
        currency: 'EUR',
        direction: null,
      },
      {
        line: 3,
        startedAt: new Date('2025-03-14T17:40:00Z'),
        rawNumber: '+44 20 7946 0958',
        e164: '+442079460958',
        durationSeconds: 3723,
        cost: '1.20',
        currency: 'EUR',
        direction: null,
      },
    ]);
  });

  it('reads a comma file with English headers, ISO dates, seconds and a direction', () => {
    const csv = [
      'date,number,duration,cost,direction',
      '2025-07-01T10:00:00Z,+33612345678,65,$0.50,outgoing',
      '2025-07-01 12:30:00,0033 6 12 34 56 79,0,,incoming',
    ].join('\n');
    const parsed = parseCallCsv(csv, PARIS);
    expect(parsed.delimiter).toBe(',');
    expect(
      parsed.calls.map((call) => [
        call.startedAt.toISOString(),
        call.e164,
        call.durationSeconds,
        call.cost,
        call.currency,
        call.direction,
      ]),
    ).toEqual([
      ['2025-07-01T10:00:00.000Z', '+33612345678', 65, '0.50', 'USD', 'outgoing'],
      // Summer time in Paris: UTC+2.
      ['2025-07-01T10:30:00.000Z', '+33612345679', 0, null, null, 'incoming'],
    ]);
  });

  it('reads a tab file with separate date and time columns and mm:ss durations', () => {
    const csv =
      'Date\tHeure\tCorrespondant\tDurée\tPrix\n02/01/2025\t23:59\t0145678901\t03:07\t0.00 EUR\n';
    const parsed = parseCallCsv(csv, PARIS);
    expect(parsed.delimiter).toBe('\t');
    expect(parsed.calls).toHaveLength(1);
    expect(parsed.calls[0]).toMatchObject({
      startedAt: new Date('2025-01-02T22:59:00Z'),
      e164: '+33145678901',
      durationSeconds: 187,
      cost: '0.00',
      currency: 'EUR',
    });
  });

  it('finds the header below title lines and takes the called number over the caller', () => {
    const csv = [
      'Relevé de communications',
      'Ligne 06 00 00 00 00',
      '',
      'start;Numéro appelant;Numéro appelé;coût',
      '2025-02-03 08:00:00;0600000000;0612345678;0,10 €',
    ].join('\n');
    const parsed = parseCallCsv(csv, PARIS);
    expect(parsed.header).toEqual(['start', 'Numéro appelant', 'Numéro appelé', 'coût']);
    expect(parsed.calls[0]).toMatchObject({ line: 5, e164: '+33612345678', cost: '0.10' });
  });

  it('skips each bad line with its line number and reason, and keeps the good ones', () => {
    const csv = [
      'date;phone;durée;montant',
      '31/02/2025 10:00;0612345678;10;0,1',
      'yesterday;0612345678;10;0,1',
      '01/03/2025 10:00;06 12 XX XX XX;10;0,1',
      '01/03/2025 10:00;3179;10;0,1',
      '01/03/2025 10:00;0612345678;ten;0,1',
      '01/03/2025 10:00;0612345678;10;cheap',
      '01/03/2025 10:00;0612345678;10;0,1',
      ';;;',
      '01/03/2025 10:00;;10;0,1',
    ].join('\n');
    const parsed = parseCallCsv(csv, PARIS);
    expect(parsed.calls.map((call) => call.line)).toEqual([8]);
    expect(parsed.skipped).toEqual([
      { line: 2, reason: '"31/02/2025 10:00" is not a real date and time' },
      { line: 3, reason: expect.stringContaining('"yesterday" is not a date') },
      { line: 4, reason: expect.stringContaining('masked') },
      { line: 5, reason: '"3179" is not a valid phone number (for region FR)' },
      { line: 6, reason: expect.stringContaining('"ten" is not a duration') },
      { line: 7, reason: '"cheap" is not an amount' },
      { line: 10, reason: 'the number is empty' },
    ]);
  });

  it('reads the example of docs/who-called.md as the page says', () => {
    const csv = [
      'Relevé détaillé de la ligne 06 00 00 00 00;;;',
      'Date et heure;Numéro appelé;Durée;Montant (€)',
      '14/03/2025 09:05:33;06 12 34 56 78;00:02:05;0,15',
      '14/03/2025 18:40;+44 20 7946 0958;1:02:03;1,20',
      '15/03/2025 08:00;06 12 XX XX XX;00:01:00;0,10',
    ].join('\n');
    const parsed = parseCallCsv(csv, PARIS);
    expect(
      parsed.calls.map((call) => [
        call.startedAt.toISOString(),
        call.e164,
        call.durationSeconds,
        call.cost,
        call.currency,
      ]),
    ).toEqual([
      ['2025-03-14T08:05:33.000Z', '+33612345678', 125, '0.15', 'EUR'],
      ['2025-03-14T17:40:00.000Z', '+442079460958', 3723, '1.20', 'EUR'],
    ]);
    expect(parsed.skipped.map((line) => line.line)).toEqual([5]);
  });

  it('uses the default region for national numbers', () => {
    const csv = 'date,number\n2025-01-01 10:00:00,(650) 253-0000\n';
    expect(parseCallCsv(csv, { defaultRegion: 'US', timeZone: 'UTC' }).calls[0].e164).toBe(
      '+16502530000',
    );
    expect(parseCallCsv(csv, PARIS).skipped).toHaveLength(1);
  });

  it('refuses a file without a date and a number column', () => {
    expect(() => parseCallCsv('when;who\n2025-01-01;0612345678\n', PARIS)).toThrow(
      CallCsvHeaderError,
    );
    expect(() => parseCallCsv('', PARIS)).toThrow(CallCsvHeaderError);
  });

  it('decodes Windows-1252 bytes as well as UTF-8', () => {
    const latin1 = Buffer.from('Durée;Numéro', 'latin1');
    expect(decodeCsv(latin1)).toBe('Durée;Numéro');
    expect(decodeCsv(Buffer.from('Durée;Numéro', 'utf8'))).toBe('Durée;Numéro');
  });
});

describe('call values', () => {
  it.each([
    ['2025-03-14T09:05:00Z', '2025-03-14T09:05:00.000Z'],
    ['2025-03-14T09:05:00+01:00', '2025-03-14T08:05:00.000Z'],
    ['2025-03-14 09:05:00', '2025-03-14T08:05:00.000Z'],
    ['2025-03-14T09:05', '2025-03-14T08:05:00.000Z'],
    ['14/03/2025 09:05', '2025-03-14T08:05:00.000Z'],
    ['14/03/2025 09:05:07', '2025-03-14T08:05:07.000Z'],
    ['14.03.2025 09h05', '2025-03-14T08:05:00.000Z'],
    ['14/03/2025 à 09h05', '2025-03-14T08:05:00.000Z'],
    ['2025-03-30 02:30:00', '2025-03-30T01:30:00.000Z'],
    ['14/03/2025', '2025-03-13T23:00:00.000Z'],
    ['2025-08-01 00:30:00', '2025-07-31T22:30:00.000Z'],
  ])('reads the date %s', (raw, iso) => {
    const parsed = parseCallDate(raw, 'Europe/Paris');
    expect(parsed).toEqual({ ok: true, value: new Date(iso) });
  });

  it.each(['', '2025-13-01 10:00', '29/02/2025 10:00', '14/03/2025 24:00', '03-14-2025', 'now'])(
    'refuses the date "%s"',
    (raw) => {
      expect(parseCallDate(raw, 'Europe/Paris').ok).toBe(false);
    },
  );

  it('refuses an unknown time zone for times without an offset', () => {
    expect(parseCallDate('2025-01-01 10:00', 'Mars/Olympus')).toEqual({
      ok: false,
      reason: 'unknown time zone Mars/Olympus',
    });
  });

  it('crosses daylight saving changes', () => {
    // 2025-03-30 02:30 does not exist in Paris; 03:30 is CEST.
    expect(
      wallClockToInstant(
        { year: 2025, month: 3, day: 30, hour: 3, minute: 30, second: 0 },
        'Europe/Paris',
      ).toISOString(),
    ).toBe('2025-03-30T01:30:00.000Z');
    expect(
      wallClockToInstant(
        { year: 2025, month: 3, day: 30, hour: 1, minute: 30, second: 0 },
        'Europe/Paris',
      ).toISOString(),
    ).toBe('2025-03-30T00:30:00.000Z');
  });

  it.each([
    ['125', 125],
    ['125 s', 125],
    ['12,6', 13],
    ['', 0],
    ['02:05', 125],
    ['1:02:03', 3723],
    ['00:00:59', 59],
    ['2 min 5 s', 125],
    ['1h02m03s', 3723],
    ['2\'05"', 125],
  ])('reads the duration "%s"', (raw, seconds) => {
    expect(parseDuration(raw)).toEqual({ ok: true, value: seconds });
  });

  it.each(['ten', '1:60', '1:61:00', '-5'])('refuses the duration "%s"', (raw) => {
    expect(parseDuration(raw).ok).toBe(false);
  });

  it.each([
    ['0,15', '0.15', null],
    ['0.15', '0.15', null],
    ['0,15 €', '0.15', 'EUR'],
    ['€0.15', '0.15', 'EUR'],
    ['£2', '2', 'GBP'],
    ['1 234,56', '1234.56', null],
    ['1\u202f234,56 €', '1234.56', 'EUR'],
    ['1.234,56', '1234.56', null],
    ['1,234.56', '1234.56', null],
    ['1,234,567', '1234567', null],
    ['0.15 EUR', '0.15', 'EUR'],
    ['-0,50', '-0.50', null],
  ])('reads the cost "%s"', (raw, amount, currency) => {
    expect(parseCost(raw)).toEqual({ ok: true, value: { amount, currency } });
  });

  it('takes the currency from the column when the cell has none', () => {
    expect(parseCost('0,15', 'EUR')).toEqual({
      ok: true,
      value: { amount: '0.15', currency: 'EUR' },
    });
    expect(parseCost('')).toEqual({ ok: true, value: null });
    expect(parseCost('free').ok).toBe(false);
    expect(parseCost('1,2,3.4.5').ok).toBe(false);
  });

  it.each([
    ['Entrant', 'incoming'],
    ['appel sortant', 'outgoing'],
    ['Émis', 'outgoing'],
    ['reçu', 'incoming'],
    ['OUT', 'outgoing'],
    ['Manqué', 'missed'],
    ['Voix', null],
  ])('reads the direction "%s"', (raw, direction) => {
    expect(parseDirection(raw)).toBe(direction);
  });

  it('normalises numbers to E.164', () => {
    expect(toE164('+33 6 12 34 56 78', 'FR')).toEqual({ ok: true, value: '+33612345678' });
    expect(toE164('tel:+33612345678', 'FR')).toEqual({ ok: true, value: '+33612345678' });
    expect(toE164('0612345678', 'BE').ok).toBe(false);
  });
});
