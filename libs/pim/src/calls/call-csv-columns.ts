import { foldText } from './call-values';

export type CallColumn = 'date' | 'time' | 'number' | 'duration' | 'cost' | 'direction';

/**
 * Header names operators use, folded (lower case, no accents, punctuation as spaces), most
 * specific first: a header matches a name exactly, or starts with it followed by a unit
 * (`Durée (s)`, `Montant (€)`). docs/who-called.md lists them for people.
 */
export const COLUMN_NAMES: Readonly<Record<CallColumn, readonly string[]>> = {
  date: [
    'date et heure',
    'date heure',
    'date de l appel',
    'date d appel',
    'date appel',
    'date de debut',
    'date debut',
    'call date',
    'start time',
    'started at',
    'start',
    'datetime',
    'date time',
    'horodatage',
    'timestamp',
    'debut',
    'date',
  ],
  time: ['heure de l appel', 'heure d appel', 'heure appel', 'heure de debut', 'heure', 'time'],
  number: [
    'numero appele',
    'numero du correspondant',
    'numero correspondant',
    'numero de telephone',
    'numero de tel',
    'numero',
    'n appele',
    'no appele',
    'correspondant',
    'called number',
    'phone number',
    'phone',
    'number',
    'destination',
    'telephone',
    'tel',
  ],
  duration: ['duree', 'duration', 'length', 'temps'],
  cost: [
    'montant ttc',
    'cout ttc',
    'prix ttc',
    'montant',
    'cout',
    'prix',
    'tarif',
    'cost',
    'price',
    'amount',
    'charge',
  ],
  direction: ['sens de l appel', 'sens', 'direction', 'type d appel', 'call type', 'type'],
};

export type ColumnMap = Partial<Record<CallColumn, number>>;

/**
 * Which cell holds what, from a header row; a column is taken once (the first, most specific
 * match wins). Returns null unless the date and the number are both found.
 */
export function mapColumns(header: readonly string[]): ColumnMap | null {
  const folded = header.map((cell) => foldText(cell));
  const taken = new Set<number>();
  const map: ColumnMap = {};
  const order: CallColumn[] = ['date', 'time', 'number', 'duration', 'cost', 'direction'];
  for (const column of order) {
    const found = findColumn(folded, COLUMN_NAMES[column], taken);
    if (found !== undefined) {
      map[column] = found;
      taken.add(found);
    }
  }
  return map.date !== undefined && map.number !== undefined ? map : null;
}

function findColumn(
  folded: readonly string[],
  names: readonly string[],
  taken: ReadonlySet<number>,
): number | undefined {
  for (const exact of [true, false]) {
    for (const name of names) {
      const index = folded.findIndex(
        (cell, at) => !taken.has(at) && (exact ? cell === name : cell.startsWith(`${name} `)),
      );
      if (index >= 0) return index;
    }
  }
  return undefined;
}

/** The currency a cost column's header names (`Montant (€)`, `Cost EUR`), if any. */
export function currencyOfHeader(header: string): string | null {
  if (header.includes('€') || /\beur(os?)?\b/i.test(header)) return 'EUR';
  if (header.includes('£') || /\bgbp\b/i.test(header)) return 'GBP';
  if (header.includes('$') || /\busd\b/i.test(header)) return 'USD';
  return null;
}
