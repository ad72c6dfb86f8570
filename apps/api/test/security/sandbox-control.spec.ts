import { requestFrom } from '../support/remote-peer';
import { startTestServer, TestServer } from '../support/test-server';

/**
 * The sandbox control API (/sandbox/spotify/_sandbox/…) resets the emulator, moves its clock, issues tokens
 * for any sandbox user and injects faults: only this machine may use it, unless configured otherwise.
 */

const CONTROL = '/sandbox/spotify/_sandbox';
const TOKEN = 'a-sandbox-control-token-for-tests';

describe('security: the sandbox control API', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: '1', SANDBOX_CONTROL_TOKEN: TOKEN });
  });
  afterAll(() => server?.stop());

  it('attack: resetting, clocking, minting tokens and injecting faults from another machine', async () => {
    const { body: catalogText } = await requestFrom(server, '127.0.0.1', 'GET', `${CONTROL}/catalog`);
    const catalog = JSON.parse(catalogText) as { users: Array<{ id: string }> };
    const userId = catalog.users[0]!.id;

    for (const remote of ['203.0.113.9', '192.0.2.44', '2001:db8::7', '::ffff:198.51.100.3']) {
      const attempts = [
        requestFrom(server, remote, 'POST', `${CONTROL}/reset`),
        requestFrom(server, remote, 'POST', `${CONTROL}/clock`, {}, { advanceMs: 86_400_000 }),
        requestFrom(
          server,
          remote,
          'POST',
          `${CONTROL}/tokens`,
          {},
          { userId, scope: 'user-read-recently-played' },
        ),
        requestFrom(server, remote, 'POST', `${CONTROL}/faults`, {}, { status: 503 }),
        requestFrom(server, remote, 'GET', `${CONTROL}/faults`),
        requestFrom(server, remote, 'POST', `${CONTROL}/config`, {}, { devModeUserCap: 0 }),
        requestFrom(server, remote, 'GET', `${CONTROL}/calls`),
        requestFrom(server, remote, 'POST', `${CONTROL}/users`, {}, { displayName: 'Mallory' }),
        requestFrom(server, remote, 'POST', `${CONTROL}/users/${userId}/plays`, {}, { trackId: 'x' }),
        // A wrong token is no token.
        requestFrom(server, remote, 'POST', `${CONTROL}/reset`, {
          authorization: 'Bearer not-the-token-at-all',
        }),
      ];
      for (const answer of await Promise.all(attempts)) {
        expect(answer.status).toBe(403);
        expect(answer.body).toContain('only requests from this machine');
      }
    }
    // Nothing changed: no fault, the development-mode cap as it was.
    const faults = await requestFrom(server, '127.0.0.1', 'GET', `${CONTROL}/faults`);
    expect(JSON.parse(faults.body)).toEqual([]);
    const config = await requestFrom(server, '127.0.0.1', 'GET', `${CONTROL}/config`);
    expect(JSON.parse(config.body)).toEqual({ devModeUserCap: 5, mode: 'development' });

    // What anyone may read stays readable from anywhere: the description, the catalog, cover images.
    expect((await requestFrom(server, '203.0.113.9', 'GET', `${CONTROL}/info`)).status).toBe(200);
    expect((await requestFrom(server, '203.0.113.9', 'GET', `${CONTROL}/catalog`)).status).toBe(200);
    expect(
      (await requestFrom(server, '203.0.113.9', 'GET', `${CONTROL}/images/${userId}/64.svg`)).status,
    ).toBe(200);

    // This machine (IPv4, IPv6, IPv4-mapped) still drives the sandbox, as tests and the demo do.
    expect((await requestFrom(server, '127.0.0.1', 'POST', `${CONTROL}/reset`)).status).toBe(200);
    expect((await requestFrom(server, '::1', 'GET', `${CONTROL}/clock`)).status).toBe(200);
    expect((await requestFrom(server, '::ffff:127.0.0.1', 'GET', `${CONTROL}/calls`)).status).toBe(200);
    const real = await fetch(`${server.url}${CONTROL}/reset`, { method: 'POST' });
    expect(real.status).toBe(200);
  });

  it('attack: a forged X-Forwarded-For through a trusted proxy', async () => {
    // TRUST_PROXY=1 here. An outsider claims to be this machine; a reverse proxy on this machine relays
    // the request (its peer address is loopback) and appends the real client, or passes the header on.
    for (const forwarded of ['127.0.0.1', '127.0.0.1, 203.0.113.9', '::1']) {
      const viaProxy = await requestFrom(server, '127.0.0.1', 'POST', `${CONTROL}/reset`, {
        'x-forwarded-for': forwarded,
      });
      expect(viaProxy.status).toBe(403);
      const direct = await requestFrom(server, '203.0.113.9', 'POST', `${CONTROL}/reset`, {
        'x-forwarded-for': forwarded,
      });
      expect(direct.status).toBe(403);
    }
    const forwardedHeader = await requestFrom(server, '127.0.0.1', 'POST', `${CONTROL}/reset`, {
      forwarded: 'for=127.0.0.1',
    });
    expect(forwardedHeader.status).toBe(403);
  });

  it('opens the control API to a holder of SANDBOX_CONTROL_TOKEN, from anywhere', async () => {
    const answer = await requestFrom(server, '203.0.113.9', 'POST', `${CONTROL}/reset`, {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(answer.status).toBe(200);
  });

  it('opens it to everyone with SANDBOX_CONTROL_ALLOW=any', async () => {
    const open = await startTestServer({ SANDBOX_CONTROL_ALLOW: 'any' });
    try {
      expect((await requestFrom(open, '203.0.113.9', 'POST', `${CONTROL}/reset`)).status).toBe(200);
    } finally {
      await open.stop();
    }
  });
});
