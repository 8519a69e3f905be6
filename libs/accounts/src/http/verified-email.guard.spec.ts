import { ExecutionContext } from '@nestjs/common';
import { AuthenticatedUser } from '../authenticated-user';
import { VerifiedEmailGuard } from './verified-email.guard';

const contextFor = (user: AuthenticatedUser | undefined): ExecutionContext =>
  ({ switchToHttp: () => ({ getRequest: () => ({ user }) }) }) as unknown as ExecutionContext;

const user = (emailVerified: boolean): AuthenticatedUser => ({
  id: 'u',
  email: 'ada@example.com',
  displayName: 'Ada',
  emailVerified,
  isInstanceAdmin: false,
  language: 'en',
  pendingEmail: null,
});

describe('VerifiedEmailGuard', () => {
  const guard = new VerifiedEmailGuard();

  it('lets a verified user through', () => {
    expect(guard.canActivate(contextFor(user(true)))).toBe(true);
  });

  it('refuses an unverified user with 403 EMAIL_NOT_VERIFIED', () => {
    expect(() => guard.canActivate(contextFor(user(false)))).toThrow(
      expect.objectContaining({ status: 403, code: 'EMAIL_NOT_VERIFIED' }),
    );
  });

  it('refuses nobody-signed-in with 401', () => {
    expect(() => guard.canActivate(contextFor(undefined))).toThrow(
      expect.objectContaining({ status: 401 }),
    );
  });
});
