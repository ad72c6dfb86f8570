import { IpRateLimiter } from '../../src/modules/campaign/redirect/ip-rate-limiter';
import { ClickBuffer } from '../../src/modules/campaign/redirect/click-buffer.service';
import { click, createCampaign, createLink } from '../support/campaigns';
import { registerOwner, SignedInOwner } from '../support/owners';
import { sandboxCatalog } from '../support/sandbox';
import { startTestServer, TestServer } from '../support/test-server';
import { sql } from '../support/sql';

const BURST = 20;
const MAX_CLIENTS = 50;
const BUFFER_BYTES = 65_536;

async function metric(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const value = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, 'm').exec(text)?.[1];
  if (value === undefined) throw new Error(`no metric ${name}`);
  return Number(value);
}

/** A junk string of `length` characters that differs for each `i`. */
const junk = (i: number, length: number) => `${i}-${'x'.repeat(length)}`.slice(0, length);

describe('security: the tracker redirect under abuse', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let campaignId: string;

  beforeAll(async () => {
    server = await startTestServer({
      TRUST_PROXY: '1',
      CLICK_RATE_LIMIT_BURST: String(BURST),
      CLICK_RATE_LIMIT_PER_SECOND: '1',
      CLICK_RATE_LIMIT_MAX_CLIENTS: String(MAX_CLIENTS),
      CLICK_BUFFER_MAX_BYTES: String(BUFFER_BYTES),
    });
    owner = await registerOwner(server.url);
    const catalog = await sandboxCatalog(server.url);
    const res = await createCampaign(owner, {
      name: 'Abuse',
      destination: `spotify:track:${catalog.tracks[3]!.id}`,
    }).expect(201);
    campaignId = res.body.id;
  });
  afterAll(() => server?.stop());

  it('attack: flooding unknown paths with 1 KB junk fills the database', async () => {
    // One client, 300 distinct unknown paths, each with a long user agent and referrer.
    for (let i = 0; i < 300; i++) {
      await click(server.url, `/l/${junk(i, 190)}`, {
        'User-Agent': junk(i, 400),
        Referer: `https://junk.example/${junk(i, 480)}`,
      }).expect(404);
    }
    // Many clients, one mistyped path: one row whose count grows.
    for (let i = 0; i < 30; i++) {
      await click(server.url, '/l/mistyped-flyer', { 'X-Forwarded-For': `198.51.100.${i}` }).expect(404);
    }
    await server.app.get(ClickBuffer).flush();

    const rows = await sql<{ path: string; reason: string; visits: number }>(
      server,
      'SELECT path, reason, visits FROM orphan_visit_counts',
    );
    // The flooding client is held to its burst (plus what refills while the test runs), not 300 rows.
    const flood = rows.filter((row) => row.path !== 'mistyped-flyer');
    expect(flood.length).toBeLessThan(BURST + 30);
    expect(Math.max(...flood.map((row) => row.path.length))).toBeLessThanOrEqual(100);
    expect(rows.filter((row) => row.path === 'mistyped-flyer')).toEqual([
      { path: 'mistyped-flyer', reason: 'unknown', visits: 30 },
    ]);
  });

  it("attack: distinct IPs exhaust the click limiter's memory", async () => {
    // Through HTTP: a client per request, each new to the limiter.
    const { body: link } = await createLink(owner, campaignId, { label: 'Spray', slug: 'spray' }).expect(201);
    for (let i = 0; i < 4 * MAX_CLIENTS; i++) {
      await click(server.url, '/l/spray', { 'X-Forwarded-For': `10.${i >> 8}.${i & 255}.9` }).expect(302);
    }
    expect(await metric(server, 'soundlink_click_limiter_clients')).toBeLessThanOrEqual(MAX_CLIENTS);
    expect(link.id).toBeDefined();

    // The limiter itself, at the scale of an address spray: its size never passes the cap, and every new
    // client still gets its burst (the least recently seen ones are forgotten, one per new one).
    const limiter = new IpRateLimiter({ burst: 3, perSecond: 1, maxClients: 10_000 });
    const now = Date.now();
    let allowed = 0;
    for (let i = 0; i < 500_000; i++) if (limiter.allow(`client-${i}`, now)) allowed++;
    expect(limiter.size).toBe(10_000);
    expect(allowed).toBe(500_000);
    // A client seen recently keeps its bucket: three clicks, then refused until the bucket refills.
    for (let i = 0; i < 3; i++) limiter.allow('client-499999', now);
    expect(limiter.allow('client-499999', now)).toBe(false);
  });

  it('attack: a forged X-Forwarded-For entry chooses the address the click limiter and IP hash use', async () => {
    const { body: link } = await createLink(owner, campaignId, { label: 'Forged', slug: 'forged' }).expect(
      201,
    );
    // TRUST_PROXY=1: the one proxy in front appends the real client's address; anything left of it is the
    // client's own text.
    for (let i = 0; i < BURST + 10; i++) {
      await click(server.url, '/l/forged', { 'X-Forwarded-For': `1.2.${i}.4, 203.0.113.7` }).expect(302);
    }
    await server.app.get(ClickBuffer).flush();
    const rows = await sql<{ ip_hash: string }>(server, 'SELECT ip_hash FROM clicks WHERE link_id = $1', [
      link.id,
    ]);
    expect(new Set(rows.map((row) => row.ip_hash)).size).toBe(1);
    expect(rows.length).toBeLessThanOrEqual(BURST + 2);
  });

  it('attack: clicks with 1 KB headers during a database outage exhaust the memory of the click buffer', async () => {
    const { body: link } = await createLink(owner, campaignId, { label: 'Heavy', slug: 'heavy' }).expect(201);
    await click(server.url, '/l/heavy').expect(302); // the link is now cached
    await server.app.get(ClickBuffer).flush();
    const droppedBefore = await metric(server, 'soundlink_clicks_dropped_total');

    server.proxy.cut();
    const total = 200;
    for (let i = 0; i < total; i++) {
      // Each from an address of its own (past the limiter), with the longest values the click keeps.
      await click(
        server.url,
        `/l/heavy?utm_source=${junk(i, 100)}&utm_medium=${junk(i, 100)}&utm_campaign=${junk(i, 100)}`,
        {
          'X-Forwarded-For': `192.0.2.${i % 250}, 172.16.${i >> 8}.${i & 255}`,
          'User-Agent': `Mozilla/5.0 ${junk(i, 390)}`,
          Referer: `https://junk.example/${junk(i, 480)}`,
        },
      ).expect(302); // the redirect still works
    }
    expect(await metric(server, 'soundlink_click_buffer_bytes')).toBeLessThanOrEqual(BUFFER_BYTES);
    const dropped = (await metric(server, 'soundlink_clicks_dropped_total')) - droppedBefore;
    expect(dropped).toBeGreaterThan(0);

    server.proxy.restore();
    await server.app.get(ClickBuffer).drain(10_000);
    const [stored] = await sql<{ n: string }>(server, 'SELECT count(*) AS n FROM clicks WHERE link_id = $1', [
      link.id,
    ]);
    // Every click the buffer took is stored; the ones it refused are the ones counted.
    expect(Number(stored!.n)).toBe(1 + total - dropped);
  });
});
