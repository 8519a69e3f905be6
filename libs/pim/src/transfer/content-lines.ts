/**
 * Framing shared by the .vcf and .ics splitters: the text as lines, and whether a line opens or
 * closes a component. Only `BEGIN:`/`END:` lines are looked at, never property values: a folded
 * continuation starts with a space, so a line starting with `BEGIN:` is always a real one.
 * Everything inside the frames is left to ical.js.
 */

/** Lines of a text, without their line breaks (CRLF, LF or a lone CR). */
export function linesOf(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** `VCARD` for `BEGIN:VCARD` (any case, trailing blanks allowed), else null. */
export function beginOf(line: string): string | null {
  const match = /^BEGIN:([A-Za-z0-9-]+)\s*$/i.exec(line);
  return match ? match[1].toUpperCase() : null;
}

export function endOf(line: string): string | null {
  const match = /^END:([A-Za-z0-9-]+)\s*$/i.exec(line);
  return match ? match[1].toUpperCase() : null;
}

/** Lines joined the way stored objects are written (RFC 5545 and 6350: CRLF, a final CRLF). */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}
