import { bytesNeeded, DISK_MARGIN_BYTES } from './target-checks';

describe('bytesNeeded: the room `foyer migrate` checks for before it downloads', () => {
  it('counts the archive and, when files are stored on this disk, their import too', () => {
    expect(bytesNeeded(1000, 0, true)).toBe(2000 + DISK_MARGIN_BYTES);
    expect(bytesNeeded(1000, 0, false)).toBe(1000 + DISK_MARGIN_BYTES);
  });

  it('counts only the rest of a download that resumes', () => {
    expect(bytesNeeded(1000, 400, true)).toBe(600 + 1000 + DISK_MARGIN_BYTES);
    expect(bytesNeeded(1000, 1000, false)).toBe(DISK_MARGIN_BYTES);
    expect(bytesNeeded(1000, 5000, false)).toBe(DISK_MARGIN_BYTES);
  });
});
