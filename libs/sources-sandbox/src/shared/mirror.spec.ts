import { control, http, lastfm, SourcesHarness, startSources } from '../testing/harness';

type Json = Record<string, unknown>;
type Recent = { recenttracks: { track: Json | Json[]; '@attr': Record<string, string> } };
type Listens = { payload: { listens: Array<{ listened_at: number; track_metadata: Json }> } };
const asList = (t: Json | Json[]) => (Array.isArray(t) ? t : [t]);

describe('simulated listeners who scrobble: the same plays on Spotify, Last.fm and ListenBrainz', () => {
  let h: SourcesHarness;
  const T0 = Date.parse('2026-03-02T10:00:00Z');

  const link = async (harness: SourcesHarness, spotifyUserId: string, name: string) => {
    await control(harness.lastfmUrl, 'POST', '/users', { userName: name, spotifyUserId });
    await control(harness.listenbrainzUrl, 'POST', '/users', { userName: name, spotifyUserId });
  };

  /** Every catalog track played once, back to back, by a new linked user; answers what each service shows. */
  const playCatalog = async (harness: SourcesHarness, name: string) => {
    harness.spotify.clock.freeze(true);
    harness.spotify.clock.set(T0);
    const user = harness.spotify.createUser({ displayName: name });
    await link(harness, user.id, name);
    let at = T0 - 7 * 86_400_000;
    const tracks = harness.spotify.catalog().tracks;
    for (const t of tracks) {
      at += t.durationMs + 5_000;
      harness.spotify.addPlay(user.id, { trackId: t.id, playedAt: at });
    }
    const scrobbles: Json[] = [];
    for (let page = 1; ; page++) {
      const res = await lastfm<Recent>(harness.lastfmUrl, {
        method: 'user.getRecentTracks',
        user: name,
        limit: '200',
        page: String(page),
      });
      scrobbles.push(...asList(res.body.recenttracks.track));
      if (page >= Number(res.body.recenttracks['@attr']['totalPages'])) break;
    }
    const lb = await http<Listens>(`${harness.listenbrainzUrl}/1/user/${name}/listens?count=1000`);
    return { user, tracks, scrobbles: scrobbles.reverse(), listens: lb.body.payload.listens.reverse() };
  };

  beforeAll(async () => {
    h = await startSources();
  });
  afterAll(() => h.close());

  it('timestamps with the start of playback, where Spotify says when it ended', async () => {
    const { tracks, scrobbles, listens } = await playCatalog(h, 'ada_l');
    expect(scrobbles).toHaveLength(tracks.length);
    let at = T0 - 7 * 86_400_000;
    tracks.forEach((t, i) => {
      at += t.durationMs + 5_000;
      const start = Math.floor((at - t.durationMs) / 1000);
      expect((scrobbles[i]['date'] as Json)['uts']).toBe(String(start));
      expect(listens[i].listened_at).toBe(start);
    });
  });

  it('varies the names as real scrobblers do, and carries Spotify ids on ListenBrainz only sometimes', async () => {
    const { tracks, scrobbles, listens } = await playCatalog(h, 'bo_b');
    const catalogNames = new Set(tracks.map((t) => t.name));
    const differing = scrobbles.filter((s) => !catalogNames.has(s['name'] as string));
    expect(differing.length).toBeGreaterThan(tracks.length / 10);
    const names = scrobbles.map((s) => s['name'] as string);
    expect(names.some((n) => n.endsWith(' - Remastered 2011'))).toBe(true);
    expect(names.some((n) => / \(feat\. .+\)$/.test(n))).toBe(true);
    expect(names.some((n) => /\[Radio Edit\]|\(Original Mix\)/.test(n))).toBe(true);
    expect(
      names.some((n) => /[áéíöü]/i.test(n)) ||
        scrobbles.some((s) => /[áéíöüÁÉÖ]/.test((s['artist'] as Json)['#text'] as string)),
    ).toBe(true);
    expect(scrobbles.some((s) => (s['album'] as Json)['#text'] === '')).toBe(true);
    const withIds = listens.filter((l) => (l.track_metadata['additional_info'] as Json)['spotify_id']);
    expect(withIds.length).toBeGreaterThan(0);
    expect(withIds.length).toBeLessThan(listens.length);
    for (const l of withIds) {
      const id = String((l.track_metadata['additional_info'] as Json)['spotify_id'])
        .split('/')
        .pop();
      const track = tracks.find((t) => t.id === id)!;
      // the importer uses Spotify's own names
      expect(l.track_metadata['track_name']).toBe(track.name);
    }
  });

  it('is deterministic under the seed', async () => {
    const other = await startSources();
    const third = await startSources({
      spotify: { seed: 7 },
      lastfm: { seed: 7 },
      listenbrainz: { seed: 7 },
    });
    try {
      const a = await playCatalog(h, 'cy_d');
      const b = await playCatalog(other, 'cy_d');
      const c = await playCatalog(third, 'cy_d');
      const names = (x: typeof a) => x.scrobbles.map((s) => s['name']);
      expect(names(b)).toEqual(names(a));
      expect(b.listens.map((l) => l.track_metadata)).toEqual(a.listens.map((l) => l.track_metadata));
      expect(names(c)).not.toEqual(names(a));
    } finally {
      await Promise.all([other.close(), third.close()]);
    }
  });

  it('shows a scheduled play as now playing on Last.fm, then scrobbles it; only users who scrobble', async () => {
    h.spotify.clock.freeze(true);
    h.spotify.clock.set(T0);
    const user = h.spotify.createUser({ displayName: 'Dee' });
    await link(h, user.id, 'dee_e');
    const album = h.spotify.catalog().albums.find((a) => a.trackIds.length >= 2)!;
    const result = h.spotify.scheduleListening(user.id, {
      contextUri: `spotify:album:${album.id}`,
      count: 2,
    });
    const recent = () => lastfm<Recent>(h.lastfmUrl, { method: 'user.getRecentTracks', user: 'dee_e' });
    expect((await recent()).body.recenttracks.track).toEqual([]);
    h.spotify.clock.advance(20_000);
    const playing = asList((await recent()).body.recenttracks.track);
    expect(playing).toHaveLength(1);
    expect(playing[0]['@attr']).toEqual({ nowplaying: 'true' });
    h.spotify.clock.set(Date.parse(result.plays[1].playedAt) + 10 * 60_000);
    const done = asList((await recent()).body.recenttracks.track);
    expect(done).toHaveLength(2);
    expect(done.every((t) => t['date'])).toBe(true);
    const users = await control<Json[]>(h.lastfmUrl, 'GET', '/users');
    expect(users.body.find((u) => u['userName'] === 'dee_e')).toMatchObject({
      spotifyUserId: user.id,
      scrobbles: 2,
    });
  });

  it('scrobbles the listening history of a Spotify user linked later, once, and refuses an unknown one', async () => {
    const sim = await startSources({ spotify: { simulation: { enabled: true } } });
    try {
      sim.spotify.clock.freeze(true);
      const [listener] = sim.spotify.info().listenerIds;
      // the plays of this hour are generated while the user is being linked (announced and in the history)
      sim.spotify.clock.advance(3_600_000);
      await control(sim.lastfmUrl, 'POST', '/users', { userName: 'late_one', spotifyUserId: listener });
      const history = sim.spotify.playHistory(listener);
      const scrobbled = history.filter((e) => e.msPlayed >= Math.min(e.durationMs / 2, 240_000));
      expect(scrobbled.length).toBeGreaterThan(10);
      const keys = sim.lastfm.store.get('late_one')!.listens.map((l) => l.key);
      expect(keys).toEqual(scrobbled.map((e) => `${e.startedAt}:${e.trackId}`));
      const unknown = await control(sim.listenbrainzUrl, 'POST', '/users', {
        userName: 'nobody',
        spotifyUserId: 'nope',
      });
      expect(unknown.status).toBe(404);
      expect((await control(sim.listenbrainzUrl, 'GET', '/users')).body).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('scrobbles only plays past half the track or 4 minutes: skips and short listens stay on Spotify', async () => {
    const sim = await startSources({ spotify: { simulation: { enabled: true } } });
    try {
      sim.spotify.clock.freeze(true);
      const user = sim.spotify.createUser({ displayName: 'Eve Sim', simulate: true });
      await control(sim.lastfmUrl, 'POST', '/users', { userName: 'eve_s', spotifyUserId: user.id });
      sim.spotify.clock.advance(2 * 86_400_000);
      const events = sim.spotify.listeningLog(user.id);
      const durations = new Map(sim.spotify.catalog().tracks.map((t) => [t.id, t.durationMs]));
      const expected = events.filter((e) => e.msPlayed >= Math.min(durations.get(e.trackId)! / 2, 240_000));
      expect(events.some((e) => e.skipped)).toBe(true);
      expect(expected.length).toBeLessThan(events.length);
      const res = await lastfm<Recent>(sim.lastfmUrl, {
        method: 'user.getRecentTracks',
        user: 'eve_s',
        limit: '200',
      });
      expect(Number(res.body.recenttracks['@attr']['total'])).toBe(expected.length);
      const starts = asList(res.body.recenttracks.track).map((t) => Number((t['date'] as Json)['uts']));
      expect(starts).toEqual(
        expected
          .slice(-200)
          .reverse()
          .map((e) => Math.floor(e.startedAt / 1000)),
      );
    } finally {
      await sim.close();
    }
  });
});
