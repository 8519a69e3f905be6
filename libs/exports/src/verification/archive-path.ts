// C0 controls (NUL included), DEL and C1 controls: never in a name Foyer stores.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An entry name as stored in the ZIP: the text when it decodes, or why it does not. */
export function decodeEntryName(
  raw: Buffer,
  utf8Flag: boolean,
): { name: string; problem?: string } {
  const ascii = raw.every((byte) => byte < 0x80);
  let name: string;
  try {
    name = utf8.decode(raw);
  } catch {
    return { name: raw.toString('latin1'), problem: 'the name is not valid UTF-8' };
  }
  // Without the flag, standard tools read the bytes as CP437 and would show another name.
  if (!ascii && !utf8Flag) return { name, problem: 'a non-ASCII name without the UTF-8 flag' };
  return { name };
}

/**
 * Why an archive path could escape or confuse the folder it is extracted into, or null when it
 * is a plain relative path: `/`-separated, no leading `/` or drive letter, no `.` or `..`
 * segment, no empty segment (a trailing `/` marks a folder), no backslash, NUL or control
 * character.
 */
export function unsafePathReason(path: string): string | null {
  if (path.length === 0) return 'the path is empty';
  if (path.startsWith('/')) return 'the path is absolute';
  if (/^[A-Za-z]:/.test(path)) return 'the path starts with a drive letter';
  if (path.includes('\\')) return 'the path contains a backslash';
  if (path.includes('\u0000')) return 'the path contains NUL';
  if (CONTROL.test(path)) return 'the path contains a control character';
  const segments = (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
  for (const segment of segments) {
    if (segment === '') return 'the path has an empty segment';
    if (segment === '..') return 'the path climbs out with ".."';
    if (segment === '.') return 'the path has a "." segment';
  }
  return null;
}

/**
 * The key two entries collide on when extracted: the NFC form (macOS and others normalise
 * names), without the trailing `/` (a folder and a file of the same name cannot both exist).
 */
export function collisionKey(path: string): string {
  const normalised = path.normalize('NFC');
  return normalised.endsWith('/') ? normalised.slice(0, -1) : normalised;
}
