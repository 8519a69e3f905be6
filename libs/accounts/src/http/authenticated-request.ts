import type { Request } from 'express';
import { AuthenticatedUser } from '../authenticated-user';

/** A request once the session guard has run: `user` and `authSessionId` are set when signed in. */
export type AuthenticatedRequest = Omit<Request, 'user'> & {
  user?: AuthenticatedUser;
  authSessionId?: string;
  cookies?: Record<string, string | undefined>;
};
