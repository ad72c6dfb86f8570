import request from 'supertest';
import { sql } from './support/sql';
import { startTestServer, TestServer } from './support/test-server';

describe('GET /health/live and /health/ready, the probes for orchestrators', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('answers live and ready on a reachable, fully migrated database', async () => {
    const live = await request(server.url).get('/health/live').expect(200);
    expect(live.headers['cache-control']).toBe('no-store');
    expect(live.body).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      uptimeS: expect.any(Number),
    });
    const ready = await request(server.url).get('/health/ready').expect(200);
    expect(ready.body).toEqual({ ready: true, database: 'up', migrations: 'done', draining: false });
  });

  it('stays live but not ready while the database is unreachable, and recovers', async () => {
    server.proxy.cut();
    try {
      await request(server.url).get('/health/live').expect(200);
      const ready = await request(server.url).get('/health/ready').expect(503);
      expect(ready.body).toEqual({ ready: false, database: 'down', migrations: 'unknown', draining: false });
    } finally {
      server.proxy.restore();
    }
    await request(server.url).get('/health/ready').expect(200);
  });

  it('is not ready while the database lacks one of its migrations', async () => {
    const [last] = await sql<{ id: number; timestamp: string; name: string }>(
      server,
      'DELETE FROM migrations WHERE id = (SELECT max(id) FROM migrations) RETURNING id, timestamp, name',
    );
    try {
      const ready = await request(server.url).get('/health/ready').expect(503);
      expect(ready.body).toEqual({ ready: false, database: 'up', migrations: 'pending', draining: false });
      // /health keeps its meaning: the database answers.
      await request(server.url).get('/health').expect(200);
    } finally {
      await sql(server, 'INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)', [
        last.id,
        last.timestamp,
        last.name,
      ]);
    }
    await request(server.url).get('/health/ready').expect(200);
  });

  it('reports the database in the soundlink_database_up gauge', async () => {
    const up = await request(server.url).get('/metrics').expect(200);
    expect(up.text).toMatch(/^soundlink_database_up 1$/m);
    server.proxy.cut();
    try {
      const down = await request(server.url).get('/metrics').expect(200);
      expect(down.text).toMatch(/^soundlink_database_up 0$/m);
    } finally {
      server.proxy.restore();
    }
  });
});

describe('shutting down (SIGTERM): readiness goes false while the process drains', () => {
  it('answers /health/ready 503 with draining during SHUTDOWN_DRAIN_MS, still serving, then closes', async () => {
    const server = await startTestServer({ SHUTDOWN_DRAIN_MS: '4000' });
    let closed: Promise<void> | undefined;
    try {
      await request(server.url).get('/health/ready').expect(200);
      // What main.ts does on SIGTERM.
      closed = server.close();
      const ready = await request(server.url).get('/health/ready').expect(503);
      expect(ready.body).toEqual({ ready: false, database: 'up', migrations: 'done', draining: true });
      await request(server.url).get('/health/live').expect(200);
      await request(server.url).get('/health').expect(200);
      await closed;
      await expect(request(server.url).get('/health/live')).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await (closed ?? Promise.resolve());
      await server.stop();
    }
  });
});
