import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FoyerError, IS_PUBLIC_ROUTE } from '@foyer/core';
import { AuthenticatedUser } from '../authenticated-user';
import { SessionService } from '../services/session.service';
import { AuthenticatedRequest } from './authenticated-request';
import { SessionAuthGuard } from './session-auth.guard';

const ada: AuthenticatedUser = {
  id: 'user-1',
  email: 'ada@example.com',
  displayName: 'Ada',
  emailVerified: false,
  isInstanceAdmin: false,
  language: 'en',
  pendingEmail: null,
};

function contextFor(request: Partial<AuthenticatedRequest>, isPublic: boolean): ExecutionContext {
  const handler = () => undefined;
  if (isPublic) Reflect.defineMetadata(IS_PUBLIC_ROUTE, true, handler);
  return {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class Controller {},
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

function guard(resolved: { sessionId: string; user: AuthenticatedUser } | null) {
  const sessions = { resolve: jest.fn().mockResolvedValue(resolved) };
  return {
    sessions,
    guard: new SessionAuthGuard(new Reflector(), sessions as unknown as SessionService),
  };
}

describe('SessionAuthGuard', () => {
  it('refuses a private route without credentials with 401 UNAUTHENTICATED', async () => {
    const { guard: subject, sessions } = guard(null);
    await expect(subject.canActivate(contextFor({ headers: {} }, false))).rejects.toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect(sessions.resolve).not.toHaveBeenCalled();
  });

  it('refuses an unknown, expired or revoked session', async () => {
    const { guard: subject } = guard(null);
    const error = await subject
      .canActivate(contextFor({ headers: { authorization: 'Bearer nope' } }, false))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FoyerError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('lets a valid session through and puts the user and session id on the request', async () => {
    const { guard: subject, sessions } = guard({ sessionId: 'session-1', user: ada });
    const request: Partial<AuthenticatedRequest> = { headers: { cookie: 'foyer_session=tok' } };
    await expect(subject.canActivate(contextFor(request, false))).resolves.toBe(true);
    expect(sessions.resolve).toHaveBeenCalledWith('tok');
    expect(request.user).toEqual(ada);
    expect(request.authSessionId).toBe('session-1');
  });

  it('lets anyone through a public route, recognising a valid session and ignoring a bad one', async () => {
    const anonymous: Partial<AuthenticatedRequest> = { headers: {} };
    await expect(guard(null).guard.canActivate(contextFor(anonymous, true))).resolves.toBe(true);
    expect(anonymous.user).toBeUndefined();

    const badToken: Partial<AuthenticatedRequest> = { headers: { authorization: 'Bearer bad' } };
    await expect(guard(null).guard.canActivate(contextFor(badToken, true))).resolves.toBe(true);
    expect(badToken.user).toBeUndefined();

    const signedIn: Partial<AuthenticatedRequest> = { headers: { authorization: 'Bearer good' } };
    await expect(
      guard({ sessionId: 's', user: ada }).guard.canActivate(contextFor(signedIn, true)),
    ).resolves.toBe(true);
    expect(signedIn.user).toEqual(ada);
  });
});
