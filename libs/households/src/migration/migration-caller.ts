import type { AuthenticatedUser } from '@foyer/accounts';
import { MigrationGrant } from './migration-grant';

/**
 * Who calls a route marked `@AcceptMigrationToken()`: a signed-in user (whose membership and role
 * the handler checks as on any route) or the holder of a migration token for this household.
 */
export type MigrationCaller =
  { kind: 'user'; user: AuthenticatedUser } | { kind: 'token'; grant: MigrationGrant };
