import { networkInterfaces } from 'node:os';
import request from 'supertest';
import { startTestServer, TestServer } from '../support/test-server';

/** An address of this machine that is not loopback: a request from it reaches the server as a remote peer would. */
function nonLoopbackAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (!address.internal && address.family === 'IPv4') return address.address;
    }
  }
  throw new Error('This test needs a non-loopback IPv4 interface (any container or CI runner has one)');
}

describe('security: /metrics', () => {
  describe('without METRICS_TOKEN', () => {
    let server: TestServer;
    let remote: string;

    beforeAll(async () => {
      // Listening on every interface, as in a container: the metrics must still be kept to loopback.
      server = await startTestServer({ HOST: '0.0.0.0' });
      remote = `http://${nonLoopbackAddress()}:${new URL(server.url).port}`;
    });
    afterAll(() => server?.stop());

    it('attack: anyone on the network reads the process metrics', async () => {
      const res = await request(remote).get('/metrics').expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      expect(res.body.message).toMatch(/loopback|METRICS_TOKEN/);
      expect(res.text).not.toContain('process_cpu');
    });

    it('attack: a forged X-Forwarded-For of 127.0.0.1 passes the loopback check', async () => {
      await request(remote).get('/metrics').set('X-Forwarded-For', '127.0.0.1').expect(403);
      await request(remote).get('/metrics').set('X-Real-IP', '::1').expect(403);
    });

    it('still answers a scraper on the same machine (loopback)', async () => {
      const res = await request(server.url).get('/metrics').expect(200);
      expect(res.text).toContain('soundlink_process_cpu');
      // The rest of the API is answered over the network as before.
      await request(remote).get('/health').expect(200);
    });
  });

  describe('with METRICS_TOKEN', () => {
    const token = 'metrics-token-of-the-test-0123456789';
    let server: TestServer;
    let remote: string;

    beforeAll(async () => {
      server = await startTestServer({ HOST: '0.0.0.0', METRICS_TOKEN: token });
      remote = `http://${nonLoopbackAddress()}:${new URL(server.url).port}`;
    });
    afterAll(() => server?.stop());

    it('attack: a scraper without the token, or with a wrong one, reads the metrics', async () => {
      for (const base of [remote, server.url]) {
        const missing = await request(base).get('/metrics').expect(401);
        expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        expect(missing.headers['www-authenticate']).toBe('Bearer');
        await request(base).get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
        await request(base)
          .get('/metrics')
          .set('Authorization', `Bearer ${token.slice(0, -1)}`)
          .expect(401);
        await request(base).get('/metrics').set('Authorization', token).expect(401);
      }
    });

    it('answers whoever presents the token, from anywhere', async () => {
      const res = await request(remote).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.text).toContain('soundlink_process_cpu');
    });
  });
});
