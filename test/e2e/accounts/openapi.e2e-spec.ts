import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';

interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
  };
}

describe('accounts in the OpenAPI document', () => {
  let testApp: TestApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    testApp = await createTestApp();
    document = (await request(testApp.server).get('/api/docs-json').expect(200))
      .body as OpenApiDocument;
  });
  afterAll(() => testApp?.close());

  it.each([
    ['post', '/api/v1/auth/signup'],
    ['post', '/api/v1/auth/login'],
    ['post', '/api/v1/auth/logout'],
    ['post', '/api/v1/auth/logout-everywhere'],
    ['post', '/api/v1/auth/verify-email'],
    ['post', '/api/v1/auth/verify-email/resend'],
    ['post', '/api/v1/auth/password-reset'],
    ['post', '/api/v1/auth/password-reset/confirm'],
    ['get', '/api/v1/me'],
    ['post', '/api/v1/me/password'],
    ['post', '/api/v1/me/app-passwords'],
    ['get', '/api/v1/me/app-passwords'],
    ['delete', '/api/v1/me/app-passwords/{id}'],
  ])('documents %s %s', (method, path) => {
    expect(document.paths[path]?.[method]).toBeDefined();
  });

  it('describes the request and response bodies', () => {
    const { schemas } = document.components;
    expect(Object.keys(schemas.SignupDto.properties ?? {}).sort()).toEqual([
      'displayName',
      'email',
      'inviteToken',
      'language',
      'password',
    ]);
    expect(Object.keys(schemas.LoginDto.properties ?? {}).sort()).toEqual(['email', 'password']);
    expect(Object.keys(schemas.LoginResponse.properties ?? {})).toEqual(['accessToken']);
    expect(Object.keys(schemas.MeResponse.properties ?? {}).sort()).toEqual([
      'displayName',
      'email',
      'emailVerified',
      'id',
      'isInstanceAdmin',
      'language',
      'memberships',
      'pendingEmail',
    ]);
    expect(Object.keys(schemas.AppPasswordCreatedResponse.properties ?? {}).sort()).toEqual([
      'createdAt',
      'id',
      'label',
      'password',
    ]);
  });
});
