/** Who asks for a membership change, and from where (for the audit log). */
export interface Actor {
  userId: string;
  ip: string | null;
}
