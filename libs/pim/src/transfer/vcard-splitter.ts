import { beginOf, endOf, joinLines, linesOf } from './content-lines';

/** One card framed out of a .vcf, as its own text, or why it could not be framed. */
export type FramedCard = { index: number; content: string } | { index: number; error: string };

/**
 * Frames each `BEGIN:VCARD … END:VCARD` of a .vcf into its own text, exactly as written (line
 * breaks made CRLF), so that a bad card is skipped alone and a good one keeps its original text.
 * Validation is not done here but by the model (ical.js) when each card is stored. `index` is the
 * card's position in the file, from 0. Lines outside cards (blank lines, stray text) are ignored;
 * a card that never ends, or that another BEGIN:VCARD interrupts, is an error.
 */
export function frameVcards(text: string): FramedCard[] {
  const cards: FramedCard[] = [];
  let current: string[] | null = null;
  let depth = 0;
  for (const line of linesOf(text)) {
    const begin = beginOf(line);
    if (current === null) {
      if (begin === 'VCARD') {
        current = [line];
        depth = 1;
      }
      continue;
    }
    if (begin === 'VCARD' && depth === 1) {
      cards.push({ index: cards.length, error: 'the card has no END:VCARD before the next card' });
      current = [line];
      continue;
    }
    current.push(line);
    if (begin) depth++;
    const end = endOf(line);
    if (end) depth--;
    if (end === 'VCARD' && depth === 0) {
      cards.push({ index: cards.length, content: joinLines(current) });
      current = null;
    }
  }
  if (current !== null) {
    cards.push({
      index: cards.length,
      error: 'the card has no END:VCARD before the end of the file',
    });
  }
  return cards;
}
