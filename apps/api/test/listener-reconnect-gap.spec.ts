import { PollingService } from '../src/modules/polling/polling.service';
import { SpotifyReconnectRequiredError } from '../src/modules/spotify/spotify.errors';
import { createCampaign, createLink } from './support/campaigns';
import { connectThroughLink } from './support/listeners';
import { registerOwner } from './support/owners';
import { sandboxCatalog, sandboxControl } from './support/sandbox';
import { sql } from './support/sql';
import { startTestServer, TestServer } from './support/test-server';

/**
 * Nobody polls a listener whose Spotify authorization stopped working (needs_reconnect) until they connect
 * again: that stretch is an observation gap, recorded when they reconnect, so completeness and the lift's
 * observed days do not count it as observed.
 */
describe('a reconnect after needs_reconnect records the unobserved period as a gap', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
  });
  afterAll(() => server?.stop());

  /** Click the link in a fresh browser, consent as `userId`, follow the callback; the listener's id. */
  async function connect(slug: string, userId: string): Promise<string> {
    await connectThroughLink(server, slug, userId);
    // The only listener of this server's database, connected (or reconnected) just now.
    const [row] = await sql<{ id: string }>(
      server,
      'SELECT id FROM listeners ORDER BY updated_at DESC LIMIT 1',
    );
    return row!.id;
  }

  it('from when polling stopped to the reconnect', async () => {
    const owner = await registerOwner(server.url);
    const catalog = await sandboxCatalog(server.url);
    const { body: campaign } = await createCampaign(owner, {
      name: 'Gap',
      destination: `spotify:track:${catalog.tracks[2]!.id}`,
    }).expect(201);
    await createLink(owner, campaign.id, { label: 'gap', slug: 'gap-link' }).expect(201);
    const user = catalog.users.find((u) => u.displayName === 'Ada Moreno')!;

    const listenerId = await connect('gap-link', user.id);
    expect(await sql(server, 'SELECT * FROM observation_gaps WHERE listener_id = $1', [listenerId])).toEqual(
      [],
    );

    // Spotify stops accepting the authorization; the next poll (the token has expired) finds out.
    await sandboxControl(server.url, 'POST', 'tokens/revoke', { userId: user.id });
    await sql(server, `UPDATE listeners SET token_expires_at = now() - interval '1 minute' WHERE id = $1`, [
      listenerId,
    ]);
    await expect(server.app.get(PollingService).pollListenerNow(listenerId)).rejects.toBeInstanceOf(
      SpotifyReconnectRequiredError,
    );
    const [stopped] = await sql<{ status: string; last_polled_at: Date }>(
      server,
      'SELECT status, last_polled_at FROM listeners WHERE id = $1',
      [listenerId],
    );
    expect(stopped!.status).toBe('needs_reconnect');

    const before = new Date();
    expect(await connect('gap-link', user.id)).toBe(listenerId);
    const after = new Date();
    const gaps = await sql<{ gap_from: Date; gap_to: Date }>(
      server,
      'SELECT gap_from, gap_to FROM observation_gaps WHERE listener_id = $1',
      [listenerId],
    );
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.gap_from).toEqual(stopped!.last_polled_at);
    expect(gaps[0]!.gap_to.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(gaps[0]!.gap_to.getTime()).toBeLessThanOrEqual(after.getTime());
    const [row] = await sql<{ status: string }>(server, 'SELECT status FROM listeners WHERE id = $1', [
      listenerId,
    ]);
    expect(row!.status).toBe('active');

    // A second connect while active is no gap.
    await connect('gap-link', user.id);
    expect(
      await sql(server, 'SELECT 1 FROM observation_gaps WHERE listener_id = $1', [listenerId]),
    ).toHaveLength(1);
  }, 60_000);
});
