import { DataSource } from 'typeorm';
import { AttributionService } from '../src/modules/attribution/attribution.service';
import { ingestSourcePlays } from '../src/modules/listener/source-ingest.repository';
import { PollingService } from '../src/modules/polling/polling.service';
import type { SourceOrigin, SourcePlay } from '../src/modules/listener/source-plays';
import { createCampaign, createLink } from './support/campaigns';
import { connectThroughLink, syncNow } from './support/listeners';
import { registerOwner, SignedInOwner } from './support/owners';
import { SandboxCatalog, sandboxCatalog, sandboxControl } from './support/sandbox';
import { sql } from './support/sql';
import { startTestServer, TestServer } from './support/test-server';

/** A play counts only when it started after the click: sandbox tracks last at most 6 minutes. */
const AFTER = 7 * 60_000;

interface Attribution {
  playId: string;
  trackId: string;
  score: number;
  reasons: string[];
}

/**
 * Plays from Last.fm and ListenBrainz (issue 18), as the source modules hand them over: matched to the
 * catalog's tracks by Spotify id, ISRC or normalised names, attributed with their match confidence, kept
 * unmatched with their names, and counted once when Spotify reports the same play. Real app, database and
 * Spotify sandbox; `ingestSourcePlays` is called in a transaction of the app's own DataSource.
 */
describe('plays from other sources', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let campaignId: string;
  let album: SandboxCatalog['albums'][number];
  let tracks: SandboxCatalog['tracks'];

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    owner = await registerOwner(server.url);
    catalog = await sandboxCatalog(server.url);
    album = catalog.albums.find((a) => a.trackIds.length >= 4)!;
    tracks = album.trackIds.map((id) => catalog.tracks.find((t) => t.id === id)!);
    const { body } = await createCampaign(owner, {
      name: 'Album push',
      destination: `spotify:album:${album.id}`,
    }).expect(201);
    campaignId = body.id;
    await createLink(owner, campaignId, { label: 'Newsletter', slug: 'sources-news' }).expect(201);
  });
  afterAll(() => server?.stop());

  const artistOf = (track: SandboxCatalog['tracks'][number]) =>
    catalog.artists.find((a) => a.id === track.artistIds[0])!.name;

  /** A sandbox user who clicks and connects through Spotify; answers their ids and the click time. */
  async function listener(name: string) {
    const user = (await sandboxControl(server.url, 'POST', 'users', { displayName: name })) as { id: string };
    const { browser } = await connectThroughLink(server, 'sources-news', user.id);
    const [row] = await sql<{ id: string; clicked_at: Date }>(
      server,
      `SELECT l.id, k.clicked_at FROM listeners l JOIN clicks k ON k.listener_id = l.id WHERE l.display_name = $1`,
      [name],
    );
    return { userId: user.id, browser, listenerId: row!.id, clickedAt: row!.clicked_at.getTime() };
  }

  async function ingest(listenerId: string, origin: SourceOrigin, plays: SourcePlay[]) {
    const attribution = server.app.get(AttributionService).atIngest();
    const result = await server.app
      .get(DataSource)
      .transaction((manager) => ingestSourcePlays(manager, { listenerId, origin, plays, ...attribution }));
    attribution.announce();
    return result;
  }

  const play = (over: Partial<SourcePlay> & Pick<SourcePlay, 'startedAtMs'>): SourcePlay => ({
    artistName: artistOf(tracks[0]!),
    trackName: tracks[0]!.name,
    albumName: null,
    durationMs: null,
    spotifyTrackId: null,
    isrc: null,
    ...over,
  });

  async function attributionsOf(listenerId: string): Promise<Attribution[]> {
    const res = await owner.agent.get(`/api/v1/campaigns/${campaignId}/attributions?limit=100`).expect(200);
    const ids = new Set(
      (
        await sql<{ id: string }>(server, 'SELECT id::text FROM plays WHERE listener_id = $1', [listenerId])
      ).map((p) => p.id),
    );
    return (res.body.items as Attribution[]).filter((a) => ids.has(String(a.playId)));
  }

  it('matches name variants, Spotify ids and ISRCs to the catalog and attributes them with their confidence', async () => {
    const { listenerId, clickedAt, userId, browser } = await listener('Scrobbler');
    // The catalog learns the album's tracks (with their ISRCs) from an earlier Spotify play of each, before the click.
    for (const [i, t] of tracks.entries()) {
      await sandboxControl(server.url, 'POST', `users/${userId}/plays`, {
        trackId: t.id,
        playedAt: new Date(clickedAt - (i + 2) * 3_600_000).toISOString(),
      });
    }
    expect((await syncNow(browser).expect(200)).body).toMatchObject({ attributedPlays: 0 });
    const [isrcRow] = await sql<{ isrc: string }>(server, 'SELECT isrc FROM tracks WHERE id = $1', [
      tracks[2]!.id,
    ]);
    expect(isrcRow!.isrc).toMatch(/^[A-Z0-9]{12}$/);

    const at = clickedAt + AFTER;
    const [t0, t1, t2, t3] = tracks as [
      (typeof tracks)[0],
      (typeof tracks)[0],
      (typeof tracks)[0],
      (typeof tracks)[0],
    ];
    const result = await ingest(listenerId, 'lastfm', [
      // Upper case, an accent dropped, a remaster suffix and a featured artist: matched by name, with the album.
      play({
        startedAtMs: at,
        artistName: `${artistOf(t0).toUpperCase()} feat. Someone`,
        trackName: `${t0.name} - Remastered 2011`,
        albumName: album.name,
      }),
      play({
        startedAtMs: at + 600_000,
        artistName: artistOf(t1),
        trackName: t1.name,
        spotifyTrackId: t1.id,
      }),
      play({ startedAtMs: at + 1_200_000, artistName: 'x', trackName: 'y', isrc: isrcRow!.isrc }),
      // The title matches but the album does not: a weaker name match.
      play({
        startedAtMs: at + 1_800_000,
        artistName: artistOf(t3),
        trackName: `${t3.name} [Live]`,
        albumName: 'Bootleg',
      }),
      play({ startedAtMs: at + 2_400_000, artistName: 'Nobody Known', trackName: 'Not In The Catalog' }),
    ]);
    expect(result).toMatchObject({ inserted: 4, attributed: 4, unmatched: 1, duplicates: 0 });

    const byTrack = Object.fromEntries((await attributionsOf(listenerId)).map((a) => [a.trackId, a]));
    expect(byTrack[t0.id]!.reasons).toEqual([
      'CONTEXT_NONE',
      'TIME_DECAY',
      'BASELINE_REPEAT',
      'IN_TARGET_SET',
      'MATCHED_BY_NAME',
      'FROM_LASTFM',
    ]);
    expect(byTrack[t1.id]!.reasons.slice(-2)).toEqual(['MATCHED_BY_SPOTIFY_ID', 'FROM_LASTFM']);
    expect(byTrack[t2.id]!.reasons.slice(-2)).toEqual(['MATCHED_BY_ISRC', 'FROM_LASTFM']);
    expect(byTrack[t3.id]!.reasons.slice(-2)).toEqual(['MATCHED_BY_NAME', 'FROM_LASTFM']);
    // The match confidence is a factor: a weaker match scores lower, every other factor alike.
    const stored = await sql<{ track_id: string; match_method: string; match_confidence: number }>(
      server,
      `SELECT track_id, match_method, match_confidence FROM plays WHERE listener_id = $1 AND origin = 'lastfm'`,
      [listenerId],
    );
    expect(Object.fromEntries(stored.map((s) => [s.track_id, [s.match_method, s.match_confidence]]))).toEqual(
      {
        [t0.id]: ['name', 0.9],
        [t1.id]: ['spotify_id', 1],
        [t2.id]: ['isrc', 0.95],
        [t3.id]: ['name', 0.8],
      },
    );
    expect(byTrack[t3.id]!.score).toBeLessThan(byTrack[t0.id]!.score);

    const [unmatched] = await sql<{ artist_name: string; track_name: string; origin: string }>(
      server,
      'SELECT artist_name, track_name, origin FROM unmatched_plays WHERE listener_id = $1',
      [listenerId],
    );
    expect(unmatched).toEqual({
      artist_name: 'Nobody Known',
      track_name: 'Not In The Catalog',
      origin: 'lastfm',
    });

    // The explanation says where the play came from and how it was matched, in words and in its factors.
    const why = await owner.agent.get(`/api/v1/plays/${byTrack[t0.id]!.playId}/explanation`).expect(200);
    expect(why.body).toMatchObject({ origin: 'lastfm', matchMethod: 'name', matchConfidence: 0.9 });
    expect(why.body.sourceSummary).toBe(
      'Reported by Last.fm, matched to the track by artist and title (confidence 0.9).',
    );
    expect(why.body.campaigns[0].summary).toContain('matched by artist and title from Last.fm (×0.9)');
    expect(why.body.campaigns[0].factors.match).toBe(0.9);

    // The same scrobbles again (an overlapping page): nothing new.
    expect(
      await ingest(listenerId, 'lastfm', [play({ startedAtMs: at, albumName: album.name })]),
    ).toMatchObject({ inserted: 0, duplicates: 1 });
  });

  it('counts a play reported by Spotify and by Last.fm once, whichever came first', async () => {
    const { listenerId, clickedAt, userId, browser } = await listener('Both sources');
    const [a, b] = tracks as [(typeof tracks)[0], (typeof tracks)[0]];
    const aStart = clickedAt + AFTER;
    const bStart = clickedAt + AFTER + 3_600_000;
    // Spotify first for track a: Spotify's played_at is the end of playback.
    await sandboxControl(server.url, 'POST', `users/${userId}/plays`, {
      trackId: a.id,
      playedAt: new Date(aStart + a.durationMs).toISOString(),
    });
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: 2 * 3_600_000 });
    expect((await syncNow(browser).expect(200)).body).toMatchObject({ newPlays: 1 });
    // Last.fm reports a (its start, 20 s off: clocks differ) and b, which Spotify has not reported yet.
    expect(
      await ingest(listenerId, 'lastfm', [
        play({ startedAtMs: aStart + 20_000, artistName: artistOf(a), trackName: a.name }),
        play({ startedAtMs: bStart, artistName: artistOf(b), trackName: b.name }),
      ]),
    ).toMatchObject({ inserted: 1, duplicates: 1 });
    // Then Spotify reports b: already stored from Last.fm.
    await sandboxControl(server.url, 'POST', `users/${userId}/plays`, {
      trackId: b.id,
      playedAt: new Date(bStart + b.durationMs).toISOString(),
    });
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: 3_600_000 });
    // (A poll, as the worker runs it: "Sync now" allows one sync per 30 s.)
    expect(await server.app.get(PollingService).pollListenerNow(listenerId)).toMatchObject({ inserted: 0 });

    const rows = await sql<{ track_id: string; origin: string; also_reported_by: string[] }>(
      server,
      `SELECT track_id, origin, also_reported_by FROM plays WHERE listener_id = $1 AND played_at > $2 ORDER BY played_at`,
      [listenerId, new Date(clickedAt)],
    );
    expect(rows).toEqual([
      { track_id: a.id, origin: 'spotify', also_reported_by: ['lastfm'] },
      { track_id: b.id, origin: 'lastfm', also_reported_by: ['spotify'] },
    ]);
    const credited = await attributionsOf(listenerId);
    expect(credited.map((c) => c.trackId).sort()).toEqual([a.id, b.id].sort());
    const kept = credited.find((c) => c.trackId === b.id)!;
    const why = await owner.agent.get(`/api/v1/plays/${kept.playId}/explanation`).expect(200);
    expect(why.body.sourceSummary).toBe(
      "Reported by Last.fm, matched to the track by artist and title (confidence 0.8). Spotify reported the same play later; Last.fm's report was kept and counted once.",
    );
  });
});
