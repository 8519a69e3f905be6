/**
 * How to reach PostgreSQL once it is up: the owner runs migrations, the application role (neither
 * superuser nor table owner, so row-level security applies to it) serves requests.
 */
export interface DatabaseConnection {
  ownerUrl: string;
  appUrl: string;
  /** Stops what the bootstrap started (embedded PostgreSQL); a no-op for an external server. */
  stop(): Promise<void>;
}
