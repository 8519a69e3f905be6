export { ImportsModule } from './imports.module';
export { HouseholdImporter } from './services/household-importer';
export type { ImportRunOptions } from './services/household-importer';
export { ImportRequestsService } from './services/import-requests.service';
export { ImportArchiveStore } from './archive/import-archive-store';
export { ImportsErrorCode } from './imports-error-code';
export { ImportSourceKind, ImportStatus } from './import-status';
export type { ImportRecord } from './repositories/import-record';
export type { ImportFailure, ImportProgress, ImportReport } from './services/import-report';
