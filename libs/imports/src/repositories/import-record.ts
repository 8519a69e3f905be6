import type { ImportSourceKind, ImportStatus } from '../import-status';
import type { ImportFailure, ImportProgress, ImportReport } from '../services/import-report';

/** A member of the archive mapped to an account here, kept so a resumed import reuses it. */
export interface ImportMemberMapping {
  readonly archiveUserId: string;
  readonly email: string;
  readonly role: string;
  readonly joinedAt: string | null;
  readonly userId: string;
  readonly created: boolean;
}

export interface ImportRecord {
  readonly id: string;
  readonly requestedBy: string | null;
  readonly sourceKind: ImportSourceKind;
  readonly source: string;
  readonly ownerEmail: string | null;
  readonly status: ImportStatus;
  readonly progress: Partial<ImportProgress>;
  readonly report: ImportReport | null;
  readonly error: ImportFailure | null;
  readonly householdId: string | null;
  readonly archiveBytes: number;
  readonly attempts: number;
  readonly members: readonly ImportMemberMapping[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}
