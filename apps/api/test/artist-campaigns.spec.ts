import { createCampaign, createLink } from './support/campaigns';
import { connectThroughLink, syncNow } from './support/listeners';
import { registerOwner, SignedInOwner } from './support/owners';
import { SandboxCatalog, sandboxCatalog, sandboxControl, sandboxUrl } from './support/sandbox';
import { sql } from './support/sql';
import { startTestServer, TestServer } from './support/test-server';

/** A play counts only when it started after the click: sandbox tracks last at most 6 minutes. */
const AFTER = 7 * 60_000;

/**
 * Artist campaigns under Spotify's 2026 development-mode rules (issue 18): `/artists/{id}/top-tracks` is gone
 * for development-mode apps, so an artist campaign's target set is every track whose artists include the
 * artist, decided from the play itself. Over HTTP against the real app, database and Spotify sandbox.
 */
describe('artist campaigns', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    owner = await registerOwner(server.url);
    catalog = await sandboxCatalog(server.url);
  });
  afterAll(() => server?.stop());

  const calls = async (since: number) =>
    (await (await fetch(`${sandboxUrl(server.url)}/_sandbox/calls?since=${since}`)).json()) as Array<{
      path: string;
    }>;

  it('credits a play of any track by the artist, first seen after the campaign was created, with no top-tracks call', async () => {
    const artist = catalog.artists.find(
      (a) => catalog.tracks.filter((t) => t.artistIds.includes(a.id)).length >= 2,
    )!;
    const [byArtist, alsoByArtist] = catalog.tracks.filter((t) => t.artistIds.includes(artist.id));
    const other = catalog.tracks.find((t) => !t.artistIds.includes(artist.id))!;
    const since = Date.now();

    const { body: campaign } = await createCampaign(owner, {
      name: 'Artist push',
      destination: `spotify:artist:${artist.id}`,
    }).expect(201);
    expect(campaign.destination).toMatchObject({ type: 'artist', name: artist.name });
    await createLink(owner, campaign.id, { label: 'Ad', slug: 'artist-ad' }).expect(201);

    const user = (await sandboxControl(server.url, 'POST', 'users', { displayName: 'Artist fan' })) as {
      id: string;
    };
    const { browser } = await connectThroughLink(server, 'artist-ad', user.id);
    const [click] = await sql<{ clicked_at: Date }>(
      server,
      `SELECT k.clicked_at FROM clicks k JOIN tracker_links l ON l.id = k.link_id WHERE l.slug = 'artist-ad'`,
    );
    const at = click!.clicked_at.getTime() + AFTER;
    const context = { type: 'artist', uri: `spotify:artist:${artist.id}` };
    for (const [i, track] of [byArtist!, other, alsoByArtist!].entries()) {
      await sandboxControl(server.url, 'POST', `users/${user.id}/plays`, {
        trackId: track.id,
        playedAt: new Date(at + i * 1_000).toISOString(),
        context,
      });
    }
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: AFTER + 10_000 });

    // Two of the three plays are by the artist: attributed as they are stored, though no track of theirs was
    // known when the campaign was created.
    expect((await syncNow(browser).expect(200)).body).toMatchObject({ newPlays: 3, attributedPlays: 2 });
    const { body } = await owner.agent
      .get(`/api/v1/campaigns/${campaign.id}/attributions?limit=10`)
      .expect(200);
    const credited = (body.items as Array<{ trackId: string; credit: number }>)
      .map((a) => `${a.trackId} ${a.credit}`)
      .sort();
    expect(credited).toEqual([`${byArtist!.id} 1`, `${alsoByArtist!.id} 1`].sort());

    // Neither the campaign's creation nor the plays called top-tracks (gone for development-mode apps).
    expect((await calls(since)).filter((c) => c.path.includes('/top-tracks'))).toEqual([]);
  });

  it("opens an artist campaign with the artist's tracks already known, and counts them", async () => {
    const artist = catalog.artists.find((a) => catalog.tracks.some((t) => t.artistIds.includes(a.id)))!;
    const known = catalog.tracks.filter((t) => t.artistIds.includes(artist.id));
    // Tracks the plays of another listener wrote to the catalog before this campaign exists.
    await sql(
      server,
      `INSERT INTO tracks (id, name, artist_ids, artist_names) SELECT t.id, t.name, ARRAY[$1], ARRAY['x']
         FROM json_to_recordset($2::json) AS t(id varchar, name varchar) ON CONFLICT (id) DO NOTHING`,
      [artist.id, JSON.stringify(known.map((t) => ({ id: t.id, name: t.name })))],
    );
    const { body: campaign } = await createCampaign(owner, {
      name: 'Artist, known tracks',
      destination: `spotify:artist:${artist.id}`,
    }).expect(201);
    expect(campaign.destination.trackCount).toBe(known.length);
    const rows = await sql<{ track_id: string }>(
      server,
      `SELECT track_id FROM campaign_tracks WHERE campaign_id = $1 AND removed_at IS NULL ORDER BY track_id`,
      [campaign.id],
    );
    expect(rows.map((r) => r.track_id)).toEqual(known.map((t) => t.id).sort());
  });
});
