import type { NextFunction, Request, Response } from 'express';
import { loadConfig } from '@foyer/core';
import { HouseholdAddressingMiddleware } from './household-addressing.middleware';

function middleware(baseDomain?: string): HouseholdAddressingMiddleware {
  return new HouseholdAddressingMiddleware(
    loadConfig(baseDomain ? { FOYER_BASE_DOMAIN: baseDomain } : {}),
  );
}

function run(
  addressing: HouseholdAddressingMiddleware,
  url: string,
  host: { host: string; hostname: string },
): string {
  const request = { url, ...host } as unknown as Request;
  const next = jest.fn() as NextFunction;
  addressing.use(request, {} as Response, next);
  expect(next).toHaveBeenCalledTimes(1);
  return request.url;
}

describe('HouseholdAddressingMiddleware, path form', () => {
  const addressing = middleware();

  it.each([
    ['/h/martins', '/api/v1/households/martins'],
    ['/h/martins/', '/api/v1/households/martins'],
    ['/h/martins?x=1', '/api/v1/households/martins?x=1'],
    ['/h/martins/api/v1', '/api/v1/households/martins'],
    ['/h/martins/api/v1/members', '/api/v1/households/martins/members'],
    ['/h/martins/api/v1/files?path=/a%20b', '/api/v1/households/martins/files?path=/a%20b'],
  ])('%s → %s', (from, to) => {
    expect(addressing.rewrite(from, undefined)).toBe(to);
  });

  it.each(['/h', '/h/', '/hx/martins', '/api/v1/me', '/h/martins/dav/x', '/h/martins/api/v2/x'])(
    'leaves %s alone',
    (url) => {
      expect(addressing.rewrite(url, undefined)).toBeUndefined();
    },
  );
});

describe('HouseholdAddressingMiddleware, host form', () => {
  const addressing = middleware('foyer.example');
  const at = (hostname: string) => ({ host: `${hostname}:8080`, hostname });

  it('rewrites / and the household API on <slug>.<base>', () => {
    expect(run(addressing, '/', at('martins.foyer.example'))).toBe('/api/v1/households/martins');
    expect(run(addressing, '/?a=b', at('Martins.Foyer.Example'))).toBe(
      '/api/v1/households/martins?a=b',
    );
    expect(run(addressing, '/api/v1/members', at('martins.foyer.example'))).toBe(
      '/api/v1/households/martins/members',
    );
  });

  it('keeps the account-level API and other paths as they are on the household host', () => {
    for (const url of [
      '/api/v1/me',
      '/api/v1/auth/login',
      '/api/v1/households',
      '/health',
      '/api/docs',
    ]) {
      expect(run(addressing, url, at('martins.foyer.example'))).toBe(url);
    }
  });

  it('leaves other hosts, the base domain itself, deeper names and reserved words alone', () => {
    for (const hostname of [
      'foyer.example',
      'a.b.foyer.example',
      'martins.other.example',
      'www.foyer.example',
      'localhost',
    ]) {
      expect(run(addressing, '/', at(hostname))).toBe('/');
    }
  });

  it('matches the port when the base domain has one', () => {
    const withPort = middleware('foyer.localhost:8080');
    expect(
      run(withPort, '/', {
        host: 'martins.foyer.localhost:8080',
        hostname: 'martins.foyer.localhost',
      }),
    ).toBe('/api/v1/households/martins');
    expect(
      run(withPort, '/', {
        host: 'martins.foyer.localhost:9090',
        hostname: 'martins.foyer.localhost',
      }),
    ).toBe('/');
  });

  it('does nothing by host when FOYER_BASE_DOMAIN is not set', () => {
    expect(run(middleware(), '/', at('martins.foyer.example'))).toBe('/');
  });
});
