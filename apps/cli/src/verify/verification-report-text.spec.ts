import { ArchiveProblemCode, VerificationReport } from '@foyer/exports';
import { reportJson, reportText } from './verification-report-text';

const valid: VerificationReport = {
  ok: true,
  format: 'foyer-export',
  version: 1,
  household: { id: '0b7c9e1a-2f4d-4c1e-9a55-3d2f1e0c8b7a', name: 'Home', slug: 'home' },
  counts: { entries: 5, files: 3, folders: 2, bytes: 2048 },
  problems: [],
  manifest: null,
};

describe('the verify report', () => {
  it('says plainly that a valid archive is valid', () => {
    const text = reportText('/tmp/home.zip', valid);
    expect(text).toContain('Household: Home (home, 0b7c9e1a-2f4d-4c1e-9a55-3d2f1e0c8b7a)');
    expect(text).toContain('Contents: 5 entries: 3 files, 2 folders, 2.0 KiB');
    expect(text).toMatch(/^OK: /m);
    expect(text).not.toMatch(/NOT VALID/);
  });

  it('lists every problem with its code, path and message', () => {
    const text = reportText('/tmp/home.zip', {
      ...valid,
      ok: false,
      problems: [
        { code: ArchiveProblemCode.CrcMismatch, path: 'files/a.txt', message: 'altered' },
        { code: ArchiveProblemCode.TotalRatioTooHigh, message: 'expands a lot' },
      ],
    });
    expect(text).toMatch(/^NOT VALID: 2 problems found$/m);
    expect(text).toContain('  - CRC_MISMATCH  files/a.txt\n      altered\n');
    expect(text).toContain('  - TOTAL_RATIO_TOO_HIGH\n      expands a lot\n');
    expect(text).not.toMatch(/^OK/m);
  });

  it('prints JSON without the manifest', () => {
    const json = JSON.parse(reportJson('/tmp/home.zip', valid)) as Record<string, unknown>;
    expect(json).toEqual({
      archive: '/tmp/home.zip',
      ok: true,
      format: 'foyer-export',
      version: 1,
      household: valid.household,
      counts: valid.counts,
      problems: [],
    });
  });
});
