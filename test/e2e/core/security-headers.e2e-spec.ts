import request from 'supertest';
import { createTestApp, TestApp } from '../../harness/test-app';

/** The security headers follow FOYER_PUBLIC_URL's scheme: a home network serves plain http. */
describe('security headers', () => {
  describe('over plain http', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await createTestApp({ FOYER_PUBLIC_URL: 'http://foyer.lan:8080' });
    });
    afterAll(() => testApp?.close());

    it.each(['/', '/api/docs', '/health'])(
      'never asks %s to be upgraded to https nor pins https',
      async (path) => {
        const response = await request(testApp.server).get(path);
        const csp = String(response.headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).not.toContain('upgrade-insecure-requests');
        expect(response.headers['strict-transport-security']).toBeUndefined();
        expect(response.headers['cross-origin-opener-policy']).toBeUndefined();
      },
    );
  });

  describe('over https', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await createTestApp({ FOYER_PUBLIC_URL: 'https://foyer.example.org' });
    });
    afterAll(() => testApp?.close());

    it.each(['/', '/api/docs', '/health'])('upgrades %s and pins https', async (path) => {
      const response = await request(testApp.server).get(path);
      expect(String(response.headers['content-security-policy'])).toContain(
        'upgrade-insecure-requests',
      );
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    });
  });
});
