import request from 'supertest';
import { DataSource } from 'typeorm';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { OrphanVisitsScheduler } from '../src/modules/campaign/redirect/orphan-visits.scheduler';
import { click, createCampaign, createLink } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { SandboxCatalog, sandboxCatalog } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';
import { sql } from './support/sql';

async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('tracker links and the redirect', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let campaignId: string;
  let trackId: string;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await registerOwner(server.url);
    catalog = await sandboxCatalog(server.url);
    trackId = catalog.tracks[5]!.id;
    const res = await createCampaign(owner, {
      name: 'Links',
      destination: `spotify:track:${trackId}`,
    }).expect(201);
    campaignId = res.body.id;
  });
  afterAll(() => server?.stop());

  const clicksOf = (linkId: string) =>
    sql<{
      visitor_id: string;
      is_bot: boolean;
      is_head: boolean;
      is_first_visit: boolean;
      ip_hash: string;
      utm_source: string | null;
      utm_term: string | null;
      referrer: string | null;
    }>(server, 'SELECT * FROM clicks WHERE link_id = $1 ORDER BY clicked_at, id', [linkId]);

  it('creates links with a custom or generated slug, UTM tags, a full URL and QR codes', async () => {
    const custom = await createLink(owner, campaignId, {
      label: 'Instagram bio',
      slug: 'Summer-IG',
      utmSource: 'instagram',
      utmMedium: 'social',
    }).expect(201);
    expect(custom.body).toMatchObject({
      slug: 'summer-ig',
      url: `${server.url}/l/summer-ig`,
      label: 'Instagram bio',
      utm: { source: 'instagram', medium: 'social', campaign: null },
      enabled: true,
      expiresAt: null,
    });
    const generated = await createLink(owner, campaignId, { label: 'Newsletter #12' }).expect(201);
    expect(generated.body.slug).toMatch(/^[a-z0-9]{7}$/);

    const svg = await owner.agent.get(custom.body.qrSvgUrl).buffer(true).expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect((svg.body as Buffer).toString('utf8')).toMatch(/^<svg /);
    const png = await owner.agent
      .get(`${custom.body.qrPngUrl}?size=256`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    expect((png.body as Buffer).readUInt32BE(16)).toBe(256);

    const list = await owner.agent.get(`/api/v1/campaigns/${campaignId}/links`).expect(200);
    expect(list.body.map((l: { slug: string }) => l.slug)).toEqual(['summer-ig', generated.body.slug]);
  });

  it('refuses bad, reserved and taken slugs with the reason', async () => {
    const reserved = await createLink(owner, campaignId, { label: 'x', slug: 'api' });
    expect(reserved.status).toBe(400);
    expect(reserved.body.details).toEqual([{ field: 'slug', reason: 'is a reserved word' }]);
    const bad = await createLink(owner, campaignId, { label: 'x', slug: '../admin' });
    expect(bad.status).toBe(400);
    await createLink(owner, campaignId, { label: 'x', slug: 'taken-slug' }).expect(201);
    const other = await registerOwner(server.url);
    const { body: theirs } = await createCampaign(other, {
      name: 'Theirs',
      destination: `spotify:track:${trackId}`,
    }).expect(201);
    const taken = await createLink(other, theirs.id, { label: 'x', slug: 'taken-slug' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({
      error: 'SlugTaken',
      details: [{ field: 'slug', reason: 'is already in use' }],
    });
  });

  it('redirects a listener to the connect page, sets a visitor cookie and records the click', async () => {
    const { body: link } = await createLink(owner, campaignId, {
      label: 'Poster',
      slug: 'poster',
      utmSource: 'poster',
    }).expect(201);
    const res = await click(server.url, '/l/poster', { Referer: 'https://instagram.com/p/1' }).expect(302);
    expect(res.headers['location']).toMatch(/^\/connect\/poster\?click=[0-9a-f-]{36}$/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
    // a time-ordered UUIDv7: new visitors' index entries land at the end of the B-trees
    expect(cookie).toMatch(
      /^sl_vid=[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const visitor = cookie.slice('sl_vid='.length, cookie.indexOf(';'));

    // the same browser again, and a campaign-level UTM override from the shared URL
    await click(server.url, '/l/poster?utm_source=story', { Cookie: `sl_vid=${visitor}` }).expect(302);
    const rows = await waitFor(
      () => clicksOf(link.id),
      (r) => r.length === 2,
    );
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => [r.visitor_id, r.is_first_visit, r.is_bot, r.utm_source])).toEqual([
      [visitor, true, false, 'poster'],
      [visitor, false, false, 'story'],
    ]);
    expect(rows[0]!.referrer).toBe('https://instagram.com/p/1');
    expect(rows[0]!.ip_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(rows)).not.toContain('127.0.0.1');
  });

  it('stores UTM values and referrers exactly as given, whatever characters they hold', async () => {
    const { body: link } = await createLink(owner, campaignId, { label: 'Odd', slug: 'odd-values' }).expect(
      201,
    );
    const odd = [
      'say "hi", {there}',
      'back\\slash',
      'NULL',
      'null',
      'Ünïcødé 🎧 ストーリー',
      ' spaced ',
      'a%00b', // a NUL, which PostgreSQL text cannot hold: dropped, the rest kept
    ];
    for (const value of odd) {
      const query = new URLSearchParams({ utm_source: value, utm_term: value }).toString();
      const path = `/l/odd-values?${query.replace(/a%2500b/g, 'a%00b')}`;
      await click(server.url, path, { Referer: `https://example.com/${encodeURIComponent(value)}` }).expect(
        302,
      );
    }
    const rows = await waitFor(
      () => clicksOf(link.id),
      (r) => r.length === odd.length,
    );
    const stored = [...odd.slice(0, -1), 'ab'].sort();
    expect(rows.map((r) => r.utm_source).sort()).toEqual(stored);
    expect(rows.map((r) => r.utm_term).sort()).toEqual(stored);
    expect(rows.map((r) => r.referrer).sort()).toEqual(
      odd.map((value) => `https://example.com/${encodeURIComponent(value)}`).sort(),
    );
  });

  it('sends bots, preview fetchers and HEAD requests straight to Spotify and never counts them as visitors', async () => {
    const { body: link } = await createLink(owner, campaignId, { label: 'Bots', slug: 'bots' }).expect(201);
    const destination = `https://open.spotify.com/track/${trackId}`;
    for (const ua of [
      'facebookexternalhit/1.1',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'WhatsApp/2.23.20.0',
      '',
    ]) {
      const res = await request(server.url).get('/l/bots').set('User-Agent', ua).redirects(0).expect(302);
      expect(res.headers['location']).toBe(destination);
    }
    const headRes = await request(server.url)
      .head('/l/bots')
      .set('User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120')
      .redirects(0)
      .expect(302);
    expect(headRes.headers['location']).toBe(destination);
    const rows = await waitFor(
      () => clicksOf(link.id),
      (r) => r.length >= 5,
    );
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.is_bot || r.is_head).length).toBe(rows.length);
    expect(rows.some((r) => r.is_first_visit)).toBe(false);
  });

  it('never redirects anywhere Soundlink did not build, whatever the URL says', async () => {
    await createLink(owner, campaignId, { label: 'Safe', slug: 'safe' }).expect(201);
    const attempts = [
      '/l/safe?next=https://evil.example',
      '/l/safe?redirect=//evil.example&url=https%3A%2F%2Fevil.example',
      '/l//evil.example',
      '/l/%2F%2Fevil.example',
      '/l/https:%2F%2Fevil.example',
      '/l/safe/../../evil',
    ];
    for (const path of attempts) {
      const res = await click(server.url, path);
      if (res.status === 302) expect(res.headers['location']).toMatch(/^\/connect\/safe\?click=/);
      else expect([404, 410]).toContain(res.status);
      expect(res.headers['location'] ?? '').not.toContain('evil');
    }
  });

  it('answers unknown, disabled and expired links with friendly pages and counts them as orphan visits per path and hour', async () => {
    const unknown = await click(server.url, '/l/no-such-link').expect(404);
    expect(unknown.headers['content-type']).toMatch(/^text\/html/);
    expect(unknown.text).toContain('This link doesn’t lead anywhere');
    // No slug looks like this (a NUL, a space): still the friendly page and an orphan visit, not an error.
    await click(server.url, '/l/no%00such%20link').expect(404);

    const { body: link } = await createLink(owner, campaignId, { label: 'Old', slug: 'old-flyer' }).expect(
      201,
    );
    await click(server.url, '/l/old-flyer').expect(302);
    await owner
      .unsafe('patch', `/api/v1/campaigns/${campaignId}/links/${link.id}`)
      .send({ enabled: false })
      .expect(200);
    const disabled = await click(server.url, '/l/old-flyer').expect(404);
    expect(disabled.text).toContain('switched off');

    await createLink(owner, campaignId, {
      label: 'Gone',
      slug: 'gone',
      expiresAt: '2020-01-01T00:00:00Z',
    }).expect(201);
    const expired = await click(server.url, '/l/gone').expect(410);
    expect(expired.text).toContain('expired');

    await click(server.url, '/l/no-such-link').expect(404); // counted, not a row per visit
    const orphans = await waitFor(
      () =>
        sql<{ path: string; reason: string; visits: number }>(
          server,
          'SELECT path, reason, visits FROM orphan_visit_counts ORDER BY path',
        ),
      (rows) => rows.some((row) => row.path === 'gone'),
    );
    expect(orphans).toEqual(
      expect.arrayContaining([
        { path: 'no-such-link', reason: 'unknown', visits: 2 },
        { path: 'nosuch link', reason: 'unknown', visits: 1 },
        { path: 'old-flyer', reason: 'disabled', visits: 1 },
        { path: 'gone', reason: 'expired', visits: 1 },
      ]),
    );
  });

  it('deletes orphan-visit counts older than ORPHAN_VISITS_RETENTION_DAYS (30 by default)', async () => {
    await sql(
      server,
      `INSERT INTO orphan_visit_counts (path, reason, hour, visits, bot_visits)
       VALUES ('old-typo', 'unknown', date_trunc('hour', now()) - interval '31 days', 4, 0),
              ('recent-typo', 'unknown', date_trunc('hour', now()) - interval '29 days', 2, 0)`,
    );
    expect(await server.app.get(OrphanVisitsScheduler).prune()).toBe(1);
    const kept = await sql<{ path: string }>(
      server,
      `SELECT path FROM orphan_visit_counts WHERE path IN ('old-typo', 'recent-typo')`,
    );
    expect(kept).toEqual([{ path: 'recent-typo' }]);
  });

  it('keeps redirecting while the database is down and stores every click once it is back', async () => {
    const { body: link } = await createLink(owner, campaignId, { label: 'Outage', slug: 'outage' }).expect(
      201,
    );
    await click(server.url, '/l/outage').expect(302); // the link is now cached
    await waitFor(
      () => clicksOf(link.id),
      (r) => r.length === 1,
    );

    server.proxy.cut();
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        click(server.url, '/l/outage', {
          Cookie: `sl_vid=00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        }),
      ),
    );
    expect(answers.every((res) => res.status === 302)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.app.get(ClickBuffer).size).toBeGreaterThanOrEqual(60);
    server.proxy.restore();

    const rows = await waitFor(
      () => clicksOf(link.id),
      (r) => r.length === 61,
      20_000,
    );
    expect(rows).toHaveLength(61);
    expect(rows.filter((r) => r.is_first_visit)).toHaveLength(61);
  });

  it('lets another owner neither see nor change the links', async () => {
    const { body: link } = await createLink(owner, campaignId, { label: 'Mine', slug: 'mine-only' }).expect(
      201,
    );
    const other = await registerOwner(server.url);
    await other.agent.get(`/api/v1/campaigns/${campaignId}/links/${link.id}`).expect(404);
    await other
      .unsafe('patch', `/api/v1/campaigns/${campaignId}/links/${link.id}`)
      .send({ enabled: false })
      .expect(404);
    await other.unsafe('delete', `/api/v1/campaigns/${campaignId}/links/${link.id}`).expect(404);
    await other.agent.get(`/api/v1/campaigns/${campaignId}/links/${link.id}/qr.svg`).expect(404);
    await owner.agent.get(`/api/v1/campaigns/${campaignId}/links/${link.id}`).expect(200);
  });
});

describe('click capture limits and shutdown', () => {
  /** A new owner's campaign on a server of its own, with one link under `slug`. */
  async function campaignWithLink(server: TestServer, slug: string) {
    const owner = await registerOwner(server.url);
    const catalog = await sandboxCatalog(server.url);
    const { body: campaign } = await createCampaign(owner, {
      name: `Campaign of ${slug}`,
      destination: `spotify:track:${catalog.tracks[0]!.id}`,
    }).expect(201);
    const { body: link } = await createLink(owner, campaign.id, { label: slug, slug }).expect(201);
    return { campaignId: campaign.id as string, linkId: link.id as string };
  }

  it('stops recording one flooding client without slowing its redirects', async () => {
    const server = await startTestServer();
    try {
      const { linkId } = await campaignWithLink(server, 'flood');
      const answers = [];
      for (let i = 0; i < 150; i++) answers.push(await click(server.url, '/l/flood'));
      expect(answers.every((res) => res.status === 302)).toBe(true);
      await server.app.get(ClickBuffer).flush();
      const [{ count }] = await sql<{ count: string }>(
        server,
        'SELECT count(*) FROM clicks WHERE link_id = $1',
        [linkId],
      );
      expect(Number(count)).toBeGreaterThanOrEqual(120);
      expect(Number(count)).toBeLessThan(130);
    } finally {
      await server.stop();
    }
  });

  it('stores every click once, first visits right, when a batch was stored but its answer was lost', async () => {
    const server = await startTestServer();
    try {
      const { campaignId, linkId } = await campaignWithLink(server, 'lost-answer');
      // The database commits the first batch of clicks, then the connection drops before the answer arrives.
      const dataSource = server.app.get(DataSource);
      const query = dataSource.query.bind(dataSource);
      let answersLost = 0;
      const spy = jest
        .spyOn(dataSource, 'query')
        .mockImplementation(async (...args: Parameters<DataSource['query']>) => {
          const [text] = args;
          const result: unknown = await query(...args);
          if (answersLost === 0 && text.includes('INSERT INTO clicks')) {
            answersLost += 1;
            throw new Error('Connection terminated unexpectedly');
          }
          return result;
        });
      const returning = { Cookie: 'sl_vid=00000000-0000-4000-8000-000000000001' };
      try {
        await click(server.url, '/l/lost-answer', returning).expect(302);
        await click(server.url, '/l/lost-answer', returning).expect(302);
        await click(server.url, '/l/lost-answer').expect(302);
        await server.app.get(ClickBuffer).flush();
        expect(answersLost).toBe(1);
        expect(server.app.get(ClickBuffer).size).toBe(3); // kept: the buffer cannot know the batch was stored
        await click(server.url, '/l/lost-answer', returning).expect(302);
        await server.app.get(ClickBuffer).drain(5_000);
      } finally {
        spy.mockRestore();
      }

      const rows = await sql<{ id: string; visitor_id: string; is_first_visit: boolean }>(
        server,
        'SELECT id, visitor_id, is_first_visit FROM clicks WHERE link_id = $1 ORDER BY clicked_at, id',
        [linkId],
      );
      expect(rows).toHaveLength(4);
      expect(new Set(rows.map((r) => r.id)).size).toBe(4);
      const returningRows = rows.filter((r) => r.visitor_id === '00000000-0000-4000-8000-000000000001');
      expect(returningRows.map((r) => r.is_first_visit)).toEqual([true, false, false]);
      expect(rows.filter((r) => r.is_first_visit)).toHaveLength(2);
      const [{ count }] = await sql<{ count: string }>(
        server,
        'SELECT count(*) FROM campaign_visitors WHERE campaign_id = $1',
        [campaignId],
      );
      expect(Number(count)).toBe(2);
      // The retry skipped what was stored instead of having rows refused as duplicates (and logged as dropped).
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/^soundlink_clicks_rejected_total 0$/m);
    } finally {
      await server.stop();
    }
  });

  it('writes the clicks still in the buffer when the server shuts down', async () => {
    const server = await startTestServer();
    const { linkId } = await campaignWithLink(server, 'last-call');
    await click(server.url, '/l/last-call').expect(302);
    server.proxy.cut(); // nothing can be written now...
    await Promise.all(Array.from({ length: 20 }, () => click(server.url, '/l/last-call').expect(302)));
    server.proxy.restore(); // ...until shutdown, which must drain the buffer before closing the database
    await server.close();
    try {
      const [{ count }] = await sql<{ count: string }>(
        server,
        'SELECT count(*) FROM clicks WHERE link_id = $1',
        [linkId],
      );
      expect(Number(count)).toBe(21);
    } finally {
      await server.stop();
    }
  });
});
