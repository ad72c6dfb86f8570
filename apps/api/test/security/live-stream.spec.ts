import { connect, Socket } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { openSse, SseConnection } from '../analytics-kit';
import { createCampaign } from '../support/campaigns';
import { registerOwner, SignedInOwner } from '../support/owners';
import { sandboxCatalog } from '../support/sandbox';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { AppOnDatabase, startAppOnDatabase, startTestServer, TestServer } from '../support/test-server';
import { LiveEvents } from '../../src/modules/analytics/live-events.service';

/** The bound: a stream ends within 5 s of the revocation. */
const REVOCATION_BOUND_MS = 5_000;

/** Resolves 'ended' when the stream ends, 'still open' when it is still streaming after the bound. */
function endedWithinBound(stream: SseConnection): Promise<'ended' | 'still open'> {
  return Promise.race([
    stream.ended.then(() => 'ended' as const),
    new Promise<'still open'>((resolve) =>
      setTimeout(() => resolve('still open'), REVOCATION_BOUND_MS).unref(),
    ),
  ]);
}

async function ownedCampaign(serverUrl: string, owner: SignedInOwner): Promise<string> {
  const catalog = await sandboxCatalog(serverUrl);
  const { body: campaign } = await createCampaign(owner, {
    name: 'Live security',
    destination: `spotify:track:${catalog.tracks[0]!.id}`,
  }).expect(201);
  return campaign.id as string;
}

async function analyticsKey(owner: SignedInOwner): Promise<{ id: string; secret: string }> {
  const { body } = await owner
    .unsafe('post', '/api/v1/api-keys')
    .send({ name: 'live', scopes: ['analytics:read'] })
    .expect(201);
  return { id: body.id as string, secret: body.secret as string };
}

/** Signs in with a fresh session of its own and returns the cookie header and the CSRF token. */
async function session(serverUrl: string, owner: SignedInOwner): Promise<{ cookie: string; csrf: string }> {
  const res = await request(serverUrl)
    .post('/api/v1/auth/login')
    .send({ email: owner.email, password: 'a long and unusual passphrase' })
    .expect(200);
  const cookie = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: res.body.csrfToken as string };
}

const streamUrl = (serverUrl: string, campaignId: string) =>
  `${serverUrl}/api/v1/campaigns/${campaignId}/stream`;

describe('security: live streams', () => {
  let server: TestServer;

  beforeAll(async () => {
    // The periodic re-check stays at its default (30 s): within 5 s only the revocation event can end a stream.
    server = await startTestServer({ LIVE_STREAMS_PER_OWNER: '3', LIVE_STREAM_BUFFER_BYTES: '65536' });
  });
  afterAll(() => server?.stop());

  it('attack: a revoked API key keeps receiving the live stream', async () => {
    const owner = await registerOwner(server.url);
    const campaignId = await ownedCampaign(server.url, owner);
    const key = await analyticsKey(owner);
    const stream = await openSse(streamUrl(server.url, campaignId), {
      authorization: `Bearer ${key.secret}`,
    });
    expect(stream.status).toBe(200);

    await owner.unsafe('delete', `/api/v1/api-keys/${key.id}`).expect(204);
    expect(await endedWithinBound(stream)).toBe('ended');
    stream.close();
  }, 20_000);

  it('attack: a logged-out session keeps receiving the live stream', async () => {
    const owner = await registerOwner(server.url);
    const campaignId = await ownedCampaign(server.url, owner);
    const { cookie, csrf } = await session(server.url, owner);
    const stream = await openSse(streamUrl(server.url, campaignId), { cookie });
    expect(stream.status).toBe(200);

    await request(server.url)
      .post('/api/v1/auth/logout')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf)
      .expect(204);
    expect(await endedWithinBound(stream)).toBe('ended');
    stream.close();
  }, 20_000);

  it('attack: a session ended by a password change keeps receiving the live stream', async () => {
    const owner = await registerOwner(server.url);
    const campaignId = await ownedCampaign(server.url, owner);
    const stolen = await session(server.url, owner);
    const stream = await openSse(streamUrl(server.url, campaignId), { cookie: stolen.cookie });
    expect(stream.status).toBe(200);

    // The owner, from their own session, changes the password: every other session ends, and its stream too.
    await owner
      .unsafe('post', '/api/v1/auth/password')
      .send({
        currentPassword: 'a long and unusual passphrase',
        newPassword: 'another long and unusual passphrase',
      })
      .expect(204);
    expect(await endedWithinBound(stream)).toBe('ended');
    stream.close();
  }, 20_000);

  it('attack: a disabled owner keeps receiving the live stream (session and API key)', async () => {
    const admin = await registerOwner(server.url);
    await server.app.get(DataSource).query(`UPDATE owners SET role = 'admin' WHERE id = $1`, [admin.id]);
    const owner = await registerOwner(server.url);
    const campaignId = await ownedCampaign(server.url, owner);
    const key = await analyticsKey(owner);
    const { cookie } = await session(server.url, owner);
    const viaKey = await openSse(streamUrl(server.url, campaignId), {
      authorization: `Bearer ${key.secret}`,
    });
    const viaSession = await openSse(streamUrl(server.url, campaignId), { cookie });
    expect([viaKey.status, viaSession.status]).toEqual([200, 200]);

    await admin.unsafe('post', `/api/v1/admin/owners/${owner.id}/disable`).expect(204);
    expect(await Promise.all([endedWithinBound(viaKey), endedWithinBound(viaSession)])).toEqual([
      'ended',
      'ended',
    ]);
    viaKey.close();
    viaSession.close();
  }, 20_000);

  it('attack: one owner opens streams until the server runs out of sockets', async () => {
    const owner = await registerOwner(server.url);
    const campaignId = await ownedCampaign(server.url, owner);
    const key = await analyticsKey(owner);
    const headers = { authorization: `Bearer ${key.secret}` };
    const open: SseConnection[] = [];
    for (let i = 0; i < 3; i++) open.push(await openSse(streamUrl(server.url, campaignId), headers));
    expect(open.map((s) => s.status)).toEqual([200, 200, 200]);

    const refused = await openSse(streamUrl(server.url, campaignId), headers);
    expect(refused.status).toBe(429);
    await refused.ended;
    const body = JSON.parse(refused.text()) as { statusCode: number; error: string; message: string };
    expect(body).toMatchObject({ statusCode: 429, error: 'TooManyLiveStreams' });
    expect(body.message).toMatch(/at most 3 live streams/);

    // Another owner is not affected by this owner's streams, and a closed stream frees its place.
    const other = await registerOwner(server.url);
    const otherCampaign = await ownedCampaign(server.url, other);
    const otherKey = await analyticsKey(other);
    const otherStream = await openSse(streamUrl(server.url, otherCampaign), {
      authorization: `Bearer ${otherKey.secret}`,
    });
    expect(otherStream.status).toBe(200);
    otherStream.close();
    open.pop()!.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await openSse(streamUrl(server.url, campaignId), headers);
    expect(again.status).toBe(200);
    for (const stream of [...open, again]) stream.close();
  });

  it('attack: a client that never reads makes the server buffer every event in memory', async () => {
    const owner = await registerOwner(server.url);
    const campaignId = await ownedCampaign(server.url, owner);
    const key = await analyticsKey(owner);
    const url = new URL(streamUrl(server.url, campaignId));

    // A raw socket that sends the request and then never reads: the kernel buffers fill, then the server's.
    const socket: Socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let received = 0;
    let closed = false;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.on('close', () => (closed = true));
    socket.on('error', () => undefined);
    socket.write(
      `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\nAuthorization: Bearer ${key.secret}\r\n\r\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.pause();

    const live = server.app.get(LiveEvents);
    expect(live.stats.streams).toBeGreaterThanOrEqual(1);
    const padding = 'x'.repeat(1_000);
    const total = 64 * 1024 * 1024;
    for (let sent = 0; sent < total; sent += 1_100) {
      live.publish(campaignId, {
        type: 'click',
        clickId: padding,
        linkId: 'l',
        at: new Date().toISOString(),
        utmSource: null,
        bot: false,
      });
      if (sent % (4 * 1024 * 1024) < 1_100) await new Promise((resolve) => setImmediate(resolve));
    }
    // The server dropped the stream instead of holding 64 MB for it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const metrics = await request(server.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/soundlink_live_streams_dropped_total\{reason="slow"\} 1/);

    // Reading now gets what the kernel held and then the end: far less than was published.
    socket.resume();
    await new Promise<void>((resolve) => (closed ? resolve() : socket.once('close', () => resolve())));
    expect(received).toBeLessThan(total / 4);
  }, 60_000);
});

describe('security: live streams, revoked by another process without Redis', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LIVE_STREAM_RECHECK_MS: '500' });
  });
  afterAll(() => server?.stop());

  it('attack: an API key revoked where this process does not hear of it keeps receiving the live stream', async () => {
    const owner = await registerOwner(server.url);
    const campaignId = await ownedCampaign(server.url, owner);
    const key = await analyticsKey(owner);
    const stream = await openSse(streamUrl(server.url, campaignId), {
      authorization: `Bearer ${key.secret}`,
    });
    expect(stream.status).toBe(200);

    // As another API process without Redis would: straight in the database, no event here.
    await server.app.get(DataSource).query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [key.id]);
    expect(await endedWithinBound(stream)).toBe('ended');
    stream.close();
  }, 20_000);
});

const REDIS_URL = process.env['TEST_REDIS_URL'];

// Needs a Redis server: CI provides one (TEST_REDIS_URL).
if (REDIS_URL) {
  describe('security: live streams across two API processes through Redis', () => {
    let database: TestDatabase;
    let first: AppOnDatabase;
    let second: AppOnDatabase;

    beforeAll(async () => {
      database = await createTestDatabase();
      first = await startAppOnDatabase(database.url, { REDIS_URL, SOUNDLINK_ROLE: 'api' });
      second = await startAppOnDatabase(database.url, { REDIS_URL, SOUNDLINK_ROLE: 'api' });
    });
    afterAll(async () => {
      await second?.stop();
      await first?.stop();
      await database?.drop();
    });

    it('attack: an API key revoked through another API process keeps receiving the live stream', async () => {
      const owner = await registerOwner(first.url);
      const campaignId = await ownedCampaign(first.url, owner);
      const key = await analyticsKey(owner);
      const stream = await openSse(streamUrl(first.url, campaignId), {
        authorization: `Bearer ${key.secret}`,
      });
      expect(stream.status).toBe(200);

      const { cookie, csrf } = await session(second.url, owner);
      await request(second.url)
        .delete(`/api/v1/api-keys/${key.id}`)
        .set('Cookie', cookie)
        .set('X-CSRF-Token', csrf)
        .expect(204);
      expect(await endedWithinBound(stream)).toBe('ended');
      stream.close();
    }, 20_000);
  });
}
