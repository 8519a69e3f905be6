/**
 * `manifest.json` of a `foyer-export` v1 archive: the last entry of the ZIP, written once every
 * other entry is complete, so an archive with a manifest is an archive that finished. Its JSON
 * Schema is docs/export-manifest.schema.json; docs/export-format.md explains each part.
 */
export const EXPORT_FORMAT = 'foyer-export';
export const EXPORT_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';

export interface ExportManifest {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_FORMAT_VERSION;
  /** ISO 8601: when the snapshot was taken (not when the last byte was written). */
  readonly createdAt: string;
  /** The Foyer that wrote it, e.g. `Foyer 0.1.0`. */
  readonly generator: string;
  readonly household: { readonly id: string; readonly name: string; readonly slug: string };
  readonly scope:
    { readonly kind: 'household' } | { readonly kind: 'member'; readonly userId: string };
  readonly counts: {
    /** Entries listed below (every archive entry but manifest.json). */
    readonly entries: number;
    readonly files: number;
    readonly folders: number;
    /** Sum of the entries' sizes. */
    readonly bytes: number;
  };
  /** Each portable section's metadata, by section id. */
  readonly sections: Readonly<Record<string, Record<string, unknown>>>;
  readonly entries: readonly ManifestEntry[];
  /**
   * What changed in the household while the export ran and is therefore not as the snapshot
   * said (empty when the archive is an exact snapshot).
   */
  readonly changedDuringExport: readonly {
    readonly path: string;
    readonly change: 'modified' | 'deleted';
  }[];
}

export interface ManifestEntry {
  /** Archive path; folders end in `/`. */
  readonly path: string;
  readonly type: 'file' | 'folder';
  readonly size: number;
  /** Lower-case hex SHA-256 of the entry's bytes (of the empty string for folders). */
  readonly sha256: string;
  /** ISO 8601. */
  readonly modifiedAt: string;
}
