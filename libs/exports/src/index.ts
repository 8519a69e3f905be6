export { ExportsModule } from './exports.module';
export { HouseholdArchiveWriter } from './archive/household-archive-writer';
export type { ProgressListener, WrittenArchive } from './archive/household-archive-writer';
export type { ArchiveProgress } from './archive/archive-progress';
export { ExportHouseholdRepository } from './repositories/export-household.repository';
export type { ExportHousehold } from './repositories/export-household.repository';
export { ExportsErrorCode } from './exports-error-code';
export { ArchiveVerifier } from './verification/archive-verifier';
export { ArchiveProblemCode } from './verification/archive-problem-code';
export { DEFAULT_ARCHIVE_LIMITS } from './verification/archive-limits';
export type { ArchiveLimits } from './verification/archive-limits';
export type {
  ArchiveProblem,
  VerificationProgress,
  VerificationReport,
  VerifyOptions,
} from './verification/verification-report';
