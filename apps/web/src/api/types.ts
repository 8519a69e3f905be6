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
  /** Set once the household was marked moved: its new address. */
  movedTo?: string;
}

export interface Me {
  id: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  language: 'en' | 'fr';
  /** A new address waiting for the link mailed to it. */
  pendingEmail: string | null;
  isInstanceAdmin: boolean;
  memberships: Membership[];
}

/** What an invite link's page shows before anyone signs in. */
export interface InvitePreview {
  householdName: string;
  inviterName: string | null;
  email: string;
  role: HouseholdRole;
  expiresAt: string;
}

/** A signed-in browser or client of the account. */
export interface AccountSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
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
  /** Set once the household moved to another Foyer: its new address (read-only here). */
  movedTo?: string;
  movedAt?: string;
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
  /** Sent back in If-Match to change it safely. */
  etag: string;
}

/** What the web app writes of a contact. */
export interface ContactFields {
  fullName: string;
  emails: string[];
  phones: string[];
  organisation: string | null;
}

/** A calendar (the same shape as an address book, with the components it takes). */
export interface Calendar extends AddressBook {
  color: string | null;
  components: string[];
}

/** What the web app writes of an event. */
export interface EventFields {
  summary: string;
  /** A UTC date-time, or a date (`2025-03-14`) when allDay. */
  start: string;
  /** After start; for all-day events the day after the last day. */
  end: string;
  allDay: boolean;
  location: string | null;
  /** An RFC 5545 RRULE value (`FREQ=WEEKLY`), or null. */
  rrule: string | null;
  /**
   * The IANA time zone of a timed event (`Europe/Paris`): a repeating event keeps its local time
   * across DST changes. Absent or null: UTC.
   */
  timeZone?: string | null;
}

/** An event object (its main component). */
export interface CalendarEvent {
  id: string;
  uid: string;
  summary: string | null;
  start: string | null;
  end: string | null;
  allDay: boolean;
  location: string | null;
  description: string | null;
  rrule: string | null;
  /** The time zone the event is written in; null for UTC or all-day events. */
  timeZone?: string | null;
  etag: string;
  updatedAt: string;
}

/** One instance in a range: a single event, or one occurrence of a recurring one (UTC). */
export interface Occurrence {
  id: string;
  uid: string;
  summary: string | null;
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
  recurrenceId: string | null;
  etag: string;
}

export interface Occurrences {
  from: string;
  to: string;
  items: Occurrence[];
}

/** libs/pim "Who called?": what an import of a call-detail CSV did. */
export interface CallImportReport {
  batchId: string;
  filePath: string;
  read: number;
  imported: number;
  duplicates: number;
  skipped: { line: number; reason: string }[];
}

export interface Call {
  id: string;
  startedAt: string;
  number: string;
  rawNumber: string;
  durationSeconds: number;
  cost: string | null;
  currency: string | null;
  direction: 'incoming' | 'outgoing' | 'missed' | null;
  contact: { id: string; addressBookId: string; fullName: string } | null;
}

export interface CallPage {
  items: Call[];
  nextCursor: string | null;
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

/** libs/imports: an instance administrator's import of a household archive, run as a job. */
export type ImportStatus = 'validating' | 'importing' | 'verifying' | 'done' | 'failed';

export interface ImportCreated {
  id: string;
  status: ImportStatus;
}

export interface ImportProgress {
  phase: ImportStatus;
  /** The section being restored (`files`, `contacts`, …), while importing. */
  section?: string;
  sectionsDone: number;
  sectionTotal: number;
  /** Archive bytes read by the current phase, of `byteTotal`. */
  bytesDone: number;
  byteTotal: number;
}

export interface ImportReport {
  household: { id: string; slug: string; name: string };
  /** The archive's household, as its manifest names it. */
  source: { id: string; slug: string; createdAt: string };
  /** The archive's address was taken here: the household got a suffix. */
  slugChanged: boolean;
  members: {
    total: number;
    matched: number;
    created: number;
    list: { email: string; role: HouseholdRole; account: 'matched' | 'created' }[];
  };
  /** Items restored, by section (`household`, `files`, `contacts`, `calendars`, …). */
  restored: Record<string, number>;
  /** `reason` is the server's own words (English). */
  skipped: { section: string; path: string; reason: string }[];
  changedDuringExport: number;
  archiveBytes: number;
  durationMs: number;
}

export interface ImportFailure {
  code: string;
  message: string;
  /** The archive verifier's findings, for IMPORT_INVALID_ARCHIVE. */
  problems?: { code: string; path?: string; message: string }[];
}

export interface ImportView {
  id: string;
  status: ImportStatus;
  source: 'file' | 'upload' | 'migration';
  progress: ImportProgress;
  archiveBytes: number;
  report: ImportReport | null;
  error: ImportFailure | null;
  createdAt: string;
  finishedAt: string | null;
}
