import type { EntityManager } from 'typeorm';

/** A signup that needs an invite (FOYER_SIGNUP=invite): who signs up, and the invite they bring. */
export interface SignupCandidate {
  /** Normalised (trimmed, lower-cased). */
  email: string;
  /** The `inviteToken` of the signup request, when there is one. */
  inviteToken?: string;
}

/** A candidate whose invite `admits` said yes to. */
export interface InvitedSignup {
  email: string;
  inviteToken: string;
  /** Where the signup came from (`request.ip`), for the inviter's audit log. */
  ip: string | null;
}

/** The account a signup created, as the invite's owner needs it. */
export interface SignedUpAccount {
  id: string;
}

/**
 * Port: invites that let a person sign up. The households library, which issues invites,
 * implements it and passes it to `AccountsModule.forRoot({ signupInvitePolicy })`. The default
 * admits nobody, so `invite` means "no new accounts" until invites exist.
 *
 * An invite does two things for a signup: under FOYER_SIGNUP=invite it lets the person in at all
 * (`admits`), and under `invite` or `open` it proves the email address (the link was mailed there)
 * and is redeemed together with the account (`redeem`). Accounts knows nothing of what redeeming
 * means; for households it is joining the household.
 */
export abstract class SignupInvitePolicy {
  /** True when the token is an invite that can still be used, for exactly this email. */
  abstract admits(candidate: SignupCandidate): Promise<boolean>;

  /**
   * Creates the account with `createAccount`, inside a transaction that `manager` belongs to, and
   * redeems the invite in that same transaction: the account and the redemption commit together,
   * or neither does. Called only for a candidate `admits` said yes to; when the invite can no
   * longer be used (revoked or accepted a moment ago), it throws a FoyerError and no account is
   * left behind.
   */
  abstract redeem<T extends SignedUpAccount>(
    candidate: InvitedSignup,
    createAccount: (manager: EntityManager) => Promise<T>,
  ): Promise<T>;
}
