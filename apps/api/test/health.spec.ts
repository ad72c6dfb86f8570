import request from 'supertest';
import { startTestServer, TestServer } from './support/test-server';

describe('GET /health and /metrics on a real, migrated database', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('reports the database up, the version and the Spotify mode', async () => {
    const res = await request(server.url).get('/health').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toMatchObject({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      database: { status: 'up', latencyMs: expect.any(Number) },
      spotify: { mode: 'sandbox' },
    });
  });

  it('answers 503 with the database down while it is unreachable, and recovers', async () => {
    server.proxy.cut();
    const down = await request(server.url).get('/health').expect(503);
    expect(down.body).toMatchObject({ status: 'degraded', database: { status: 'down' } });
    server.proxy.restore();
    await request(server.url).get('/health').expect(200);
  });

  it('serves Prometheus metrics with the HTTP latency histogram and process metrics', async () => {
    await request(server.url).get('/health');
    const res = await request(server.url).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/health"[^}]*\}/);
    expect(res.text).toContain('soundlink_process_cpu_seconds_total');
  });

  it('tags every answer with a request id, reusing a sane one from the caller', async () => {
    const res = await request(server.url).get('/health').set('x-request-id', 'trace-123');
    expect(res.headers['x-request-id']).toBe('trace-123');
    const generated = await request(server.url).get('/health').set('x-request-id', 'bad id with spaces');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const res = await request(server.url).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
