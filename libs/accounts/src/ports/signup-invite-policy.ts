/** A signup that needs an invite (FOYER_SIGNUP=invite): who signs up, and the invite they bring. */
export interface SignupCandidate {
  /** Normalised (trimmed, lower-cased). */
  email: string;
  /** The `inviteToken` of the signup request, when there is one. */
  inviteToken?: string;
}

/**
 * Port: whether an invite admits a signup under FOYER_SIGNUP=invite. The households library, which
 * issues invites, implements it and passes it to `AccountsModule.forRoot({ signupInvitePolicy })`.
 * The default admits nobody, so `invite` means "no new accounts" until invites exist.
 */
export abstract class SignupInvitePolicy {
  abstract admits(candidate: SignupCandidate): Promise<boolean>;
}
