import { StringDecoder } from 'node:string_decoder';
import type { ArchiveReader } from './portable-section';

/**
 * The lines of a JSON Lines entry (files.jsonl, audit.jsonl), streamed, numbered from 1 as a
 * text editor shows them (blank lines counted, not skipped). Decoded as UTF-8 across chunk
 * boundaries, so a character split between two chunks stays one character.
 */
export async function* archiveLines(
  archive: ArchiveReader,
  path: string,
): AsyncGenerator<{ readonly number: number; readonly text: string }> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let number = 0;
  for await (const chunk of await archive.open(path)) {
    rest += decoder.write(chunk as Buffer);
    let newline: number;
    while ((newline = rest.indexOf('\n')) >= 0) {
      number++;
      yield { number, text: rest.slice(0, newline) };
      rest = rest.slice(newline + 1);
    }
  }
  rest += decoder.end();
  if (rest !== '') yield { number: number + 1, text: rest };
}
