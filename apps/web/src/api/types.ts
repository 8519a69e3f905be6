/** The shapes the API answers with (libs/accounts and libs/households DTOs). */

export type HouseholdRole = 'owner' | 'admin' | 'member' | 'child';

export const HOUSEHOLD_ROLES: readonly HouseholdRole[] = ['owner', 'admin', 'member', 'child'];

export type HouseholdStatus =
  'provisioning' | 'active' | 'suspended' | 'pending_deletion' | 'purging';

export interface Membership {
  householdId: string;
  slug: string;
  name: string;
  role: HouseholdRole;
}

export interface Me {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  isInstanceAdmin: boolean;
  memberships: Membership[];
}

export interface Account {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
}

export interface Household {
  id: string;
  slug: string;
  name: string;
  status: HouseholdStatus;
  role: HouseholdRole;
  createdAt: string;
  /** Only while the deletion is pending: when it becomes final. */
  purgeAfter?: string;
}

export interface HouseholdCreated {
  id: string;
  slug: string;
  status: HouseholdStatus;
}

export interface Member {
  userId: string;
  email: string;
  displayName: string;
  role: HouseholdRole;
  joinedAt: string;
}

export interface Invite {
  id: string;
  email: string;
  role: HouseholdRole;
  expiresAt: string;
  status: 'pending' | 'expired';
}

export interface AcceptedInvite {
  householdId: string;
  slug: string;
  name: string;
  role: HouseholdRole;
}

export interface DeletionRequested {
  status: 'pending_deletion';
  purgeAfter: string;
}

/** libs/files DTOs. */
export interface FileItem {
  id: string;
  name: string;
  path: string;
  kind: 'file' | 'folder';
  size: number;
  contentType: string | null;
  modifiedAt: string;
}

export interface FileList {
  path: string;
  items: FileItem[];
  total: number;
}

export interface TrashItem {
  id: string;
  name: string;
  kind: 'file' | 'folder';
  size: number;
  originalPath: string;
  trashedAt: string;
}

export interface FilesUsage {
  usedBytes: number;
  /** null: no limit. */
  quotaBytes: number | null;
}

/** libs/billing DTOs. */
export interface Plan {
  id: string;
  name: string;
  /** Per month, in cents. */
  monthlyPrice: number;
  currency: string;
  storageQuotaBytes: number | null;
  seats: number | null;
  purchasable: boolean;
}

export interface Plans {
  billingEnabled: boolean;
  plans: Plan[];
}

export type BillingReadOnly = 'OVER_QUOTA' | 'PAYMENT_REQUIRED';

export interface Invoice {
  id: string;
  number: string | null;
  status: string | null;
  amountDue: number;
  amountPaid: number;
  currency: string;
  createdAt: string;
  hostedInvoiceUrl: string | null;
}

export interface BillingOverview {
  plan: Plan;
  /** none, a Stripe subscription status (active, past_due, …), canceled, or self_hosted. */
  status: string;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  graceEndsAt: string | null;
  readOnly: BillingReadOnly | null;
  usage: { bytes: number; quotaBytes: number | null; seatsUsed: number; seats: number | null };
  invoices: Invoice[] | null;
}

/** libs/accounts app passwords: for DAV clients, each revocable on its own. */
export interface AppPassword {
  id: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface AppPasswordCreated {
  id: string;
  label: string;
  /** Shown once, never again. */
  password: string;
  createdAt: string;
}

/** libs/exports: an archive of the household, written by a job. */
export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed' | 'expired';

export interface HouseholdExport {
  id: string;
  status: ExportStatus;
  scope: 'household' | 'member';
  progress: { entriesDone: number; entryTotal: number; bytesDone: number; byteTotal: number };
  size: number | null;
  createdAt: string;
  readyAt: string | null;
  expiresAt: string | null;
}

/** libs/pim: address books and their contacts. */
export interface AddressBook {
  id: string;
  name: string;
  displayName: string;
  /** The member it belongs to; null: the household's. */
  ownerUserId: string | null;
  /** Whether the caller may add and change contacts in it. */
  writable: boolean;
}

export interface Contact {
  id: string;
  fullName: string;
  emails: string[];
  phones: string[];
  organisation: string | null;
}

export interface ContactPage {
  items: Contact[];
  nextCursor: string | null;
}

/** libs/households migration tokens: read-only access for `foyer migrate` on another server. */
export interface MigrationToken {
  id: string;
  state: 'active' | 'expired' | 'revoked';
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

export interface MigrationTokenCreated {
  id: string;
  token: string;
  expiresAt: string;
  /** The exact command to run on the target server. */
  command: string;
}
