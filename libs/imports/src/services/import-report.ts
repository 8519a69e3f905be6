/** What the import's record says about how far it got (`GET /api/v1/imports/:id`). */
export interface ImportProgress {
  readonly phase: 'validating' | 'importing' | 'verifying' | 'done' | 'failed';
  /** The section being restored (`files`, `contacts`, ...), while importing. */
  readonly section?: string;
  readonly sectionsDone: number;
  readonly sectionTotal: number;
  /** Archive bytes read by the current phase, of `byteTotal`. */
  readonly bytesDone: number;
  readonly byteTotal: number;
}

export interface ImportedMemberReport {
  readonly email: string;
  readonly role: string;
  /** `matched`: an account with this email existed; `created`: a new account was mailed. */
  readonly account: 'matched' | 'created';
}

export interface SkippedItem {
  readonly section: string;
  readonly path: string;
  readonly reason: string;
}

/** The report that ends an import. */
export interface ImportReport {
  readonly household: { readonly id: string; readonly slug: string; readonly name: string };
  /** The archive's household, as the manifest names it. */
  readonly source: { readonly id: string; readonly slug: string; readonly createdAt: string };
  /** True when the archive's slug was taken here and the household got a suffix. */
  readonly slugChanged: boolean;
  readonly members: {
    readonly total: number;
    readonly matched: number;
    readonly created: number;
    readonly list: readonly ImportedMemberReport[];
  };
  /** Items restored, by section id (`files`, `contacts`, `calendars`, `household`, ...). */
  readonly restored: Readonly<Record<string, number>>;
  readonly skipped: readonly SkippedItem[];
  /**
   * What the archive itself says it left out (a household export leaves out the members'
   * personal address books and calendars not shared with the household), by section.
   */
  readonly notes: readonly { readonly section: string; readonly note: string }[];
  /**
   * The email of the account the import made instance administrator: the household's owner,
   * when the instance had no administrator (an import into a fresh server). Null otherwise.
   */
  readonly instanceAdmin: string | null;
  /** What the export itself said had changed while it ran (from the manifest). */
  readonly changedDuringExport: number;
  readonly archiveBytes: number;
  readonly durationMs: number;
}

/** Why an import failed, as recorded. */
export interface ImportFailure {
  readonly code: string;
  readonly message: string;
  readonly problems?: readonly { code: string; path?: string; message: string }[];
}
