import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FoyerError, IS_PUBLIC_ROUTE, loadConfig } from '@foyer/core';
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
    guard: new SessionAuthGuard(
      new Reflector(),
      sessions as unknown as SessionService,
      loadConfig({ FOYER_PUBLIC_URL: 'https://foyer.example.org' }),
    ),
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
    const request: Partial<AuthenticatedRequest> = {
      method: 'GET',
      headers: { cookie: 'foyer_session=tok' },
    };
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

  describe('a session cookie on a request that changes something', () => {
    const post = (headers: Record<string, string>, host = 'foyer.example.org') =>
      ({
        method: 'POST',
        protocol: 'http',
        host,
        headers: { cookie: 'foyer_session=tok', ...headers },
      }) as Partial<AuthenticatedRequest>;

    it.each([
      ['the public origin', { origin: 'https://foyer.example.org' }, 'foyer.example.org'],
      [
        'the public origin, by Referer',
        { referer: 'https://foyer.example.org/h/home/files' },
        'foyer.example.org',
      ],
      [
        'the origin it was addressed to (a household host)',
        { origin: 'http://home.example.org' },
        'home.example.org',
      ],
      ['a home network address', { origin: 'http://192.168.1.20:8080' }, '192.168.1.20:8080'],
    ])('is let through from %s', async (_name, headers, host) => {
      const { guard: subject } = guard({ sessionId: 'session-1', user: ada });
      await expect(subject.canActivate(contextFor(post(headers, host), false))).resolves.toBe(true);
    });

    it.each([
      ['another port of the same host', { origin: 'https://foyer.example.org:8443' }],
      ['a sibling host', { origin: 'https://other.example.org' }],
      ['a Referer of another site', { referer: 'https://evil.example.net/form' }],
      ['Origin: null', { origin: 'null' }],
      ['no Origin nor Referer', {}],
    ])('is refused from %s with 403 CROSS_ORIGIN_REQUEST', async (_name, headers) => {
      const { guard: subject, sessions } = guard({ sessionId: 'session-1', user: ada });
      await expect(subject.canActivate(contextFor(post(headers), false))).rejects.toMatchObject({
        status: 403,
        code: 'CROSS_ORIGIN_REQUEST',
      });
      expect(sessions.resolve).not.toHaveBeenCalled();
    });

    it('is ignored on a public route, which then runs signed out', async () => {
      const { guard: subject } = guard({ sessionId: 'session-1', user: ada });
      const request = post({ origin: 'https://other.example.org' });
      await expect(subject.canActivate(contextFor(request, true))).resolves.toBe(true);
      expect(request.user).toBeUndefined();
    });

    it('is not checked for a bearer token, nor for a read', async () => {
      const { guard: subject } = guard({ sessionId: 'session-1', user: ada });
      const bearer = { ...post({}), headers: { authorization: 'Bearer tok' } };
      await expect(subject.canActivate(contextFor(bearer, false))).resolves.toBe(true);
      const read = { ...post({}), method: 'GET' };
      await expect(subject.canActivate(contextFor(read, false))).resolves.toBe(true);
    });
  });
});
