import request from 'supertest';
import { createApiApplication } from '../../../apps/api/src/api-application';
import { createTestApp, TestApp } from '../../harness/test-app';

describe('the operations surface and the error contract', () => {
  let foyer: TestApp;

  beforeAll(async () => {
    foyer = await createTestApp({ FOYER_BODY_LIMIT: '2kb' });
  });
  afterAll(() => foyer?.close());

  it('answers liveness', async () => {
    await request(foyer.server).get('/health').expect(200, { status: 'ok' });
  });

  it('answers readiness with the database, the queue and storage', async () => {
    const response = await request(foyer.server).get('/health/ready').expect(200);
    expect(response.body.status).toBe('ok');
    expect(Object.keys(response.body.info).sort()).toEqual(['database', 'queue', 'storage']);
  });

  it('exposes Prometheus metrics: latency by route pattern and jobs by state', async () => {
    await request(foyer.server).get('/health');
    await request(foyer.server).get('/no/such/route');
    const response = await request(foyer.server).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(
      /foyer_http_request_duration_seconds_count\{method="GET",route="\/health",status_code="200"\} \d+/,
    );
    expect(response.text).toMatch(/route="unmatched",status_code="404"/);
    expect(response.text).toMatch(/foyer_jobs\{queue="mail",state="completed"\} \d+/);
    expect(response.text).not.toContain('/no/such/route');
  });

  it('serves the OpenAPI document and its page', async () => {
    const json = await request(foyer.server).get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/signup',
        '/api/v1/auth/login',
        '/api/v1/me',
        '/health/ready',
      ]),
    );
    const page = await request(foyer.server).get('/api/docs').redirects(1).expect(200);
    expect(page.text).toContain('swagger');
  });

  it('sets security headers and a request id on every answer', async () => {
    const response = await request(foyer.server).get('/health').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await request(foyer.server)
      .get('/health')
      .set('X-Request-Id', 'proxy-42')
      .expect(200);
    expect(echoed.headers['x-request-id']).toBe('proxy-42');
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await request(foyer.server).post('/api/v1/nothing-here').expect(404);
    expect(response.body).toMatchObject({
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      message: 'No route for POST /api/v1/nothing-here',
    });
  });

  it('refuses malformed JSON with a code, not a stack', async () => {
    const response = await request(foyer.server)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'MALFORMED_BODY' });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js/);
  });

  it('refuses a body over the limit', async () => {
    const response = await request(foyer.server)
      .post('/api/v1/auth/signup')
      .send({ email: 'big@example.com', password: 'x'.repeat(4096), displayName: 'Big' })
      .expect(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('names the bad fields of a refused body', async () => {
    const response = await request(foyer.server)
      .post('/api/v1/auth/signup')
      .send({
        email: 'not-an-email',
        password: 'long enough password 1',
        displayName: 'Ann',
        admin: true,
      })
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(response.body.fields)).toEqual(expect.arrayContaining(['email', 'admin']));
    expect(response.body.message).toContain('email');
  });

  it('requires authentication by default', async () => {
    const response = await request(foyer.server).get('/api/v1/me').expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses to start when the application role could bypass row-level security', async () => {
    const ownerAsApp = await createApiApplication(
      foyer.config,
      { appUrl: foyer.db.ownerUrl },
      { consumeJobs: false },
    );
    await expect(ownerAsApp.init()).rejects.toThrow(/can bypass row-level security/);
    await ownerAsApp.close().catch(() => undefined);
  });
});
