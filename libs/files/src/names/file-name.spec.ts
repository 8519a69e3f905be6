import { FoyerError } from '@foyer/core';
import { FilesErrorCode } from '../files-error-code';
import { formatPath, normaliseName, parsePath, restoredName } from './file-name';

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return (error as FoyerError).code;
  }
  return undefined;
}

describe('normaliseName', () => {
  it('keeps ordinary names, spaces and unicode', () => {
    expect(normaliseName('notes.txt')).toBe('notes.txt');
    expect(normaliseName(' leading and trailing ')).toBe(' leading and trailing ');
    expect(normaliseName('Été 2025 📷')).toBe('Été 2025 📷');
    expect(normaliseName('.hidden')).toBe('.hidden');
    expect(normaliseName('...')).toBe('...');
  });

  it('normalises to NFC', () => {
    const decomposed = 'Cafe\u0301';
    expect(normaliseName(decomposed)).toBe('Caf\u00e9');
  });

  it.each([
    ['empty', ''],
    ['dot', '.'],
    ['dot dot', '..'],
    ['slash', 'a/b'],
    ['NUL', 'a\u0000b'],
    ['newline', 'a\nb'],
    ['tab', 'a\tb'],
    ['DEL', 'a\u007fb'],
    ['C1 control', 'a\u0085b'],
    ['lone surrogate', 'a\ud800b'],
  ])('refuses %s', (_label, name) => {
    expect(codeOf(() => normaliseName(name))).toBe(FilesErrorCode.InvalidName);
  });

  it('counts bytes of UTF-8, not characters', () => {
    expect(normaliseName('a'.repeat(255))).toHaveLength(255);
    expect(codeOf(() => normaliseName('a'.repeat(256)))).toBe(FilesErrorCode.InvalidName);
    // é is two bytes: 127 of them is 254 bytes, 128 is 256.
    expect(normaliseName('é'.repeat(127))).toHaveLength(127);
    expect(codeOf(() => normaliseName('é'.repeat(128)))).toBe(FilesErrorCode.InvalidName);
  });
});

describe('parsePath', () => {
  it('splits absolute paths', () => {
    expect(parsePath('/')).toEqual([]);
    expect(parsePath('/Documents')).toEqual(['Documents']);
    expect(parsePath('/Documents/')).toEqual(['Documents']);
    expect(parsePath('/a/b c/d.txt')).toEqual(['a', 'b c', 'd.txt']);
    expect(formatPath(['a', 'b'])).toBe('/a/b');
    expect(formatPath([])).toBe('/');
  });

  it.each([['relative'], [''], ['a/b']])('refuses the relative path %j', (path) => {
    expect(codeOf(() => parsePath(path))).toBe(FilesErrorCode.InvalidPath);
  });

  it('refuses non-strings', () => {
    expect(codeOf(() => parsePath(undefined))).toBe(FilesErrorCode.InvalidPath);
    expect(codeOf(() => parsePath(['/a']))).toBe(FilesErrorCode.InvalidPath);
  });

  it.each([['/a/../b'], ['/..'], ['/./a'], ['/a//b'], ['/a\u0000b']])(
    'refuses traversal and bad segments in %j',
    (path) => {
      expect(codeOf(() => parsePath(path))).toBe(FilesErrorCode.InvalidName);
    },
  );
});

describe('restoredName', () => {
  it('keeps the extension', () => {
    expect(restoredName('report.pdf', 1)).toBe('report (restored).pdf');
    expect(restoredName('report.pdf', 2)).toBe('report (restored 2).pdf');
    expect(restoredName('Photos', 1)).toBe('Photos (restored)');
    expect(restoredName('.bashrc', 1)).toBe('.bashrc (restored)');
  });

  it('stays within 255 bytes', () => {
    const name = restoredName(`${'é'.repeat(125)}.txt`, 3);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith(' (restored 3).txt')).toBe(true);
  });
});
