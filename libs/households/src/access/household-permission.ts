import { HouseholdRole } from './household-role';

/**
 * What a role may do in a household. This table is the one place the matrix of docs/roles.md is
 * enforced from; a later library adds its permissions here, never its own role checks.
 */
export enum HouseholdPermission {
  /** See the household, its members and its data. */
  View = 'household.view',
  /** Rename the household. */
  Rename = 'household.rename',
  /** Change the household's slug (its address). */
  ChangeSlug = 'household.change-slug',
  /** Delete the household, or cancel a pending deletion. */
  Delete = 'household.delete',
  /** Choose the plan and manage payment. */
  ManageBilling = 'billing.manage',
  /** Invite people, list, resend and revoke invites (never for a role above one's own). */
  Invite = 'members.invite',
  /** Change members' roles and remove members (never someone who outranks you). */
  ManageMembers = 'members.manage',
  /** Hand the owner role to another member. */
  TransferOwnership = 'members.transfer-ownership',
  /** Read the household's audit log. */
  ViewAudit = 'audit.view',
  /** Create and change data (files, contacts, events). */
  WriteData = 'data.write',
  /** Delete data that someone else created. */
  DeleteOthersData = 'data.delete-others',
  /** Remove any member's WebDAV lock (UNLOCK with its token, whoever took it). */
  BreakLocks = 'data.break-locks',
  /** Share data with people outside the household (public links). */
  SharePublicly = 'data.share-publicly',
  /** Export the whole household. */
  ExportAll = 'export.all',
  /** Export what is one's own (see docs/roles.md, "Exporting what is yours"). */
  ExportOwn = 'export.own',
  /** Create and revoke migration tokens, mark the household moved (live migration). */
  Migrate = 'household.migrate',
}

const EVERYONE = [
  HouseholdRole.Owner,
  HouseholdRole.Admin,
  HouseholdRole.Member,
  HouseholdRole.Child,
];
const ADULTS = [HouseholdRole.Owner, HouseholdRole.Admin, HouseholdRole.Member];
const MANAGERS = [HouseholdRole.Owner, HouseholdRole.Admin];
const OWNERS = [HouseholdRole.Owner];

export const PERMISSION_MATRIX: Readonly<Record<HouseholdPermission, readonly HouseholdRole[]>> = {
  [HouseholdPermission.View]: EVERYONE,
  [HouseholdPermission.Rename]: MANAGERS,
  [HouseholdPermission.ChangeSlug]: OWNERS,
  [HouseholdPermission.Delete]: OWNERS,
  [HouseholdPermission.ManageBilling]: OWNERS,
  [HouseholdPermission.Invite]: MANAGERS,
  [HouseholdPermission.ManageMembers]: MANAGERS,
  [HouseholdPermission.TransferOwnership]: OWNERS,
  [HouseholdPermission.ViewAudit]: MANAGERS,
  [HouseholdPermission.WriteData]: EVERYONE,
  [HouseholdPermission.DeleteOthersData]: ADULTS,
  [HouseholdPermission.BreakLocks]: MANAGERS,
  [HouseholdPermission.SharePublicly]: ADULTS,
  [HouseholdPermission.ExportAll]: MANAGERS,
  [HouseholdPermission.ExportOwn]: EVERYONE,
  [HouseholdPermission.Migrate]: OWNERS,
};

export function roleMay(role: HouseholdRole, permission: HouseholdPermission): boolean {
  return PERMISSION_MATRIX[permission].includes(role);
}
