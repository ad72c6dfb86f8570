import request from 'supertest';
import { requestFrom } from '../support/remote-peer';
import { startTestServer, TestServer } from '../support/test-server';

// "Another machine" is a connection handed to the app's own HTTP server with a non-loopback peer address
// (support/remote-peer.ts): no traffic leaves loopback, and the test runs on any host.
const REMOTE = '203.0.113.9';

describe('security: /metrics', () => {
  describe('without METRICS_TOKEN', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server?.stop());

    it('attack: anyone on the network reads the process metrics', async () => {
      for (const remote of [REMOTE, '2001:db8::7', '::ffff:198.51.100.3']) {
        const res = await requestFrom(server, remote, 'GET', '/metrics');
        expect(res.status).toBe(403);
        expect(JSON.parse(res.body)).toMatchObject({ statusCode: 403, error: 'Forbidden' });
        expect(JSON.parse(res.body).message).toMatch(/loopback|METRICS_TOKEN/);
        expect(res.body).not.toContain('process_cpu');
      }
    });

    it('attack: a forged X-Forwarded-For of 127.0.0.1 passes the loopback check', async () => {
      const forged = await requestFrom(server, REMOTE, 'GET', '/metrics', { 'X-Forwarded-For': '127.0.0.1' });
      expect(forged.status).toBe(403);
      const realIp = await requestFrom(server, REMOTE, 'GET', '/metrics', { 'X-Real-IP': '::1' });
      expect(realIp.status).toBe(403);
    });

    it('still answers a scraper on the same machine (loopback)', async () => {
      const res = await request(server.url).get('/metrics').expect(200);
      expect(res.text).toContain('soundlink_process_cpu');
      // The rest of the API is answered over the network as before.
      expect((await requestFrom(server, REMOTE, 'GET', '/health')).status).toBe(200);
    });
  });

  describe('with METRICS_TOKEN', () => {
    const token = 'metrics-token-of-the-test-0123456789';
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer({ METRICS_TOKEN: token });
    });
    afterAll(() => server?.stop());

    it('attack: a scraper without the token, or with a wrong one, reads the metrics', async () => {
      const missing = await request(server.url).get('/metrics').expect(401);
      expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      for (const peer of [REMOTE, '127.0.0.1']) {
        expect((await requestFrom(server, peer, 'GET', '/metrics')).status).toBe(401);
        for (const wrong of [`Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, token]) {
          expect((await requestFrom(server, peer, 'GET', '/metrics', { Authorization: wrong })).status).toBe(
            401,
          );
        }
      }
    });

    it('answers whoever presents the token, from anywhere', async () => {
      const res = await requestFrom(server, REMOTE, 'GET', '/metrics', { Authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(res.body).toContain('soundlink_process_cpu');
    });
  });
});
