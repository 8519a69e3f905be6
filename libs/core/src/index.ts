export { ConfigModule } from './config/config.module';
export { FoyerConfig } from './config/foyer-config';
export type {
  BillingSettings,
  DatabaseSettings,
  MailSettings,
  QueueSettings,
  StorageSettings,
} from './config/foyer-config';
export type { SignupPolicy, LogLevel } from './config/environment-variables';
export { loadConfig, ConfigurationError } from './config/load-config';
export { DatabaseModule } from './database/database.module';
export type { DatabaseConnection } from './database/database-connection';
export { prepareDatabase } from './database/database-bootstrap';
export { runMigrations, roleOf } from './database/migrate';
export { ensureSecrets } from './database/secret-file';
export { AllExceptionsFilter } from './errors/all-exceptions.filter';
export { CoreErrorCode } from './errors/core-error-code';
export type { ErrorBody } from './errors/error-body';
export { FoyerError } from './errors/foyer-error';
export { createValidationPipe } from './errors/validation.pipe';
export { HouseholdScope } from './tenancy/household-scope';
export type { HouseholdContext } from './tenancy/household-scope';
export { isHouseholdId, toHouseholdId } from './tenancy/household-id';
export type { HouseholdId } from './tenancy/household-id';
export { TenancyErrorCode } from './tenancy/tenancy-error-code';
export { IS_PUBLIC_ROUTE, Public } from './http/public.decorator';
export { parseRange } from './http/byte-ranges';
export type { RangeRequest } from './http/byte-ranges';
export { contentDisposition } from './http/content-disposition';
export { inputGuard, inputDefect, MAX_BODY_DEPTH } from './http/input-guard';
export { assertJsonBody, JsonBodyInterceptor } from './http/json-body.interceptor';
export { QuietBootLogger } from './process/quiet-boot-logger';
export { runUntilSignal } from './process/run-until-signal';
export type { Stoppable } from './process/run-until-signal';
