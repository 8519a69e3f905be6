import type { ExportManifest } from '@foyer/portability';
import type { ArchiveLimits } from './archive-limits';
import type { ArchiveProblemCode } from './archive-problem-code';

export interface ArchiveProblem {
  readonly code: ArchiveProblemCode;
  /** The archive path concerned, when the problem is about one entry. */
  readonly path?: string;
  readonly message: string;
}

/** What the verifier found: `ok` only when there is no problem at all. */
export interface VerificationReport {
  readonly ok: boolean;
  /** From the manifest, when it could be read. */
  readonly format: string | null;
  readonly version: number | null;
  readonly household: { readonly id: string; readonly name: string; readonly slug: string } | null;
  /** What the ZIP holds besides manifest.json (not what the manifest claims). */
  readonly counts: {
    readonly entries: number;
    readonly files: number;
    readonly folders: number;
    readonly bytes: number;
  };
  readonly problems: readonly ArchiveProblem[];
  /** The parsed manifest when the archive is fully valid (for the importer), else null. */
  readonly manifest: ExportManifest | null;
}

export interface VerificationProgress {
  readonly entriesDone: number;
  readonly entryTotal: number;
  readonly bytesDone: number;
  readonly byteTotal: number;
}

export interface VerifyOptions {
  readonly limits?: Partial<ArchiveLimits>;
  readonly onProgress?: (progress: VerificationProgress) => void;
}
