/** What happened, by whom and from where; `action` is a dotted verb such as `member.role-changed`. */
export interface AuditEvent {
  actorUserId: string | null;
  action: string;
  /** What the action was about: a user id, an invite id, a slug. */
  target?: string;
  details?: Record<string, unknown>;
  ip?: string | null;
}
