import { DEV_MODE_BODY } from './index';
import { ALL_SCOPES, api, appToken, authorizeUser, control, Harness, startSandbox } from './testing/harness';

type Json = Record<string, unknown>;
interface RecentlyPlayed {
  href: string;
  items: Array<{ track: { id: string }; played_at: string; context: { type: string; uri: string } | null }>;
  limit: number;
  next: string | null;
  cursors: { after: string | null; before: string | null };
  total: number;
}

describe('Web API', () => {
  let h: Harness;
  let labelToken: string;
  let adaToken: string;
  let graceToken: string;
  let benjiToken: string;
  const ids = { label: '', ada: '', benji: '', grace: '', demo: '', shared: '' };

  beforeAll(async () => {
    h = await startSandbox({ devModeUserCap: 20 });
    const info = h.sandbox.info();
    const cat = h.sandbox.catalog();
    ids.label = info.labelUserId;
    ids.demo = info.demoPlaylistId;
    [ids.ada, ids.benji] = info.listenerIds;
    ids.grace = info.listenerIds[6];
    ids.shared = cat.playlists.find((p) => p.name === 'Ada & Grace Shared Mix')!.id;
    labelToken = (await authorizeUser(h.base, ids.label)).access_token;
    adaToken = (await authorizeUser(h.base, ids.ada)).access_token;
    graceToken = (await authorizeUser(h.base, ids.grace)).access_token;
    benjiToken = (await authorizeUser(h.base, ids.benji)).access_token;
  });
  afterAll(() => h.close());

  describe('authentication', () => {
    it('answers 401 with Spotify error bodies for missing and unknown tokens', async () => {
      const missing = await api(h.base, '/v1/me');
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({ error: { status: 401, message: 'No token provided' } });
      const unknown = await api(h.base, '/v1/me', 'BQnot-a-token');
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual({ error: { status: 401, message: 'Invalid access token' } });
    });

    it('GET /me has the development-mode shape (no country, email, product, followers)', async () => {
      const me = await api<Json>(h.base, '/v1/me', adaToken);
      expect(me.status).toBe(200);
      expect(me.body['id']).toBe(ids.ada);
      expect(me.body['display_name']).toBe('Ada Moreno');
      expect(typeof me.body['account_id']).toBe('string');
      for (const gone of ['country', 'email', 'product', 'followers', 'explicit_content'])
        expect(me.body).not.toHaveProperty(gone);
    });

    it('requires the right scope (403 Insufficient client scope)', async () => {
      const t = (await authorizeUser(h.base, ids.ada, { scope: '' })).access_token;
      expect((await api(h.base, '/v1/me', t)).status).toBe(200);
      for (const path of [
        '/v1/me/player/recently-played',
        '/v1/me/top/tracks',
        '/v1/me/library/contains?uris=spotify:track:0000000000000000000000',
      ]) {
        const res = await api(h.base, path, t);
        expect(res.status).toBe(403);
        expect(res.body).toEqual({ error: { status: 403, message: 'Insufficient client scope' } });
      }
    });
  });

  describe('development mode', () => {
    it('refuses users beyond the cap with a plain-text 403 until the cap is raised', async () => {
      const dm = await startSandbox({ devModeUserCap: 2 });
      try {
        const listeners = dm.sandbox.info().listenerIds;
        const tokens = [];
        for (const id of listeners.slice(0, 3)) tokens.push((await authorizeUser(dm.base, id)).access_token);
        expect((await api(dm.base, '/v1/me', tokens[0])).status).toBe(200);
        expect((await api(dm.base, '/v1/me', tokens[1])).status).toBe(200);
        const refused = await api(dm.base, '/v1/me/player/recently-played', tokens[2]);
        expect(refused.status).toBe(403);
        expect(refused.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(refused.text).toBe(DEV_MODE_BODY);
        expect(refused.text).toBe('User not registered in the Developer Dashboard');
        // the token endpoint still works for the refused user, and app tokens are not affected
        expect(
          (await api(dm.base, `/v1/tracks/${dm.sandbox.catalog().tracks[0].id}`, await appToken(dm.base)))
            .status,
        ).toBe(200);
        const raised = await control<{ devModeUserCap: number }>(dm.base, 'POST', '/config', {
          devModeUserCap: 3,
        });
        expect(raised.body).toEqual({ devModeUserCap: 3, mode: 'development' });
        expect((await api(dm.base, '/v1/me', tokens[2])).status).toBe(200);
      } finally {
        await dm.close();
      }
    });

    it('answers 403 for the removed multi-id endpoints', async () => {
      const cat = h.sandbox.catalog();
      for (const path of [
        `/v1/tracks?ids=${cat.tracks[0].id},${cat.tracks[1].id}`,
        `/v1/albums?ids=${cat.albums[0].id}`,
        `/v1/artists?ids=${cat.artists[0].id}`,
      ]) {
        const res = await api(h.base, path, adaToken);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ error: { status: 403 } });
      }
    });
  });

  describe('ids', () => {
    it('400 invalid id for malformed ids, 404 for unknown ones and for editorial playlists', async () => {
      const bad = await api(h.base, '/v1/tracks/not-an-id', adaToken);
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ error: { status: 400, message: 'invalid id' } });
      for (const path of [
        '/v1/tracks/0000000000000000000000',
        '/v1/albums/0000000000000000000000',
        '/v1/artists/0000000000000000000000',
        '/v1/playlists/0000000000000000000000',
      ]) {
        const res = await api(h.base, path, adaToken);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ error: { status: 404 } });
      }
      const editorial = await api(h.base, '/v1/playlists/37i9dQZF1DXcBWIGoYBM5M', adaToken);
      expect(editorial.status).toBe(404);
      expect((await api(h.base, '/v1/playlists/37i9dQZF1DXcBWIGoYBM5M/items', adaToken)).status).toBe(404);
    });

    it('catalog ids are 22 base-62 characters and the catalog is deterministic for a seed', async () => {
      const cat = h.sandbox.catalog();
      const all = [...cat.tracks, ...cat.albums, ...cat.artists, ...cat.playlists].map((x) => x.id);
      for (const id of all) expect(id).toMatch(/^[0-9A-Za-z]{22}$/);
      expect(new Set(all).size).toBe(all.length);
      const again = await startSandbox({ seed: 42 });
      const other = await startSandbox({ seed: 7 });
      try {
        expect(again.sandbox.catalog()).toEqual(cat);
        expect(other.sandbox.catalog().tracks[0].id).not.toBe(cat.tracks[0].id);
      } finally {
        await again.close();
        await other.close();
      }
      expect(cat.tracks.length).toBeGreaterThan(300);
      expect(cat.albums.length).toBe(60);
      for (const t of cat.tracks) {
        expect(t.durationMs).toBeGreaterThanOrEqual(120_000);
        expect(t.durationMs).toBeLessThanOrEqual(360_000);
      }
    });
  });

  describe('GET /me/player/recently-played', () => {
    let userId: string;
    let t: string;
    const base = Date.parse('2026-03-01T12:00:00.000Z');
    const playedAt = (i: number) => base - i * 4 * 60_000; // i = 0 newest

    beforeAll(async () => {
      h.sandbox.clock.set(base + 60_000);
      h.sandbox.clock.freeze();
      const created = await control<{ id: string }>(h.base, 'POST', '/users', {
        displayName: 'Window Tester',
      });
      userId = created.body.id;
      const cat = h.sandbox.catalog();
      for (let i = 59; i >= 0; i--) {
        const context =
          i % 5 === 0
            ? null
            : i % 5 === 1
              ? { type: 'playlist_v2', uri: `spotify:playlist:${ids.demo}` }
              : { type: 'album', uri: `spotify:album:${cat.albums[i].id}` };
        const res = await control(h.base, 'POST', `/users/${userId}/plays`, {
          trackId: cat.tracks[i].id,
          playedAt: new Date(playedAt(i)).toISOString(),
          context,
        });
        expect(res.status).toBe(201);
      }
      t = h.sandbox.issueToken({ userId, scope: ALL_SCOPES }).access_token;
    });
    afterAll(() => h.sandbox.clock.reset());

    const get = (q = '') => api<RecentlyPlayed>(h.base, `/v1/me/player/recently-played${q}`, t);

    it('defaults to 20 items, newest first, with string cursors and a next link', async () => {
      const res = await get();
      expect(res.status).toBe(200);
      expect(res.body.limit).toBe(20);
      expect(res.body.items).toHaveLength(20);
      expect(res.body.items[0].played_at).toBe(new Date(playedAt(0)).toISOString());
      expect(res.body.items[19].played_at).toBe(new Date(playedAt(19)).toISOString());
      expect(res.body.cursors).toEqual({ after: String(playedAt(0)), before: String(playedAt(19)) });
      expect(res.body.next).toBe(`${h.base}/v1/me/player/recently-played?before=${playedAt(19)}&limit=20`);
      expect(res.body.total).toBe(50);
    });

    it('only the last 50 plays exist', async () => {
      const all = await get('?limit=50');
      expect(all.body.items).toHaveLength(50);
      expect(all.body.next).toBeNull();
      const older = await get(`?before=${playedAt(49)}&limit=50`);
      expect(older.body.items).toHaveLength(0);
      expect(older.body.cursors).toEqual({ after: null, before: null });
      expect(older.body.next).toBeNull();
    });

    it('pages backwards through next links and forwards with after', async () => {
      const seen: string[] = [];
      let url: string | null = `${h.base}/v1/me/player/recently-played?limit=20`;
      let pages = 0;
      while (url) {
        const res: { body: RecentlyPlayed } = await api<RecentlyPlayed>(h.base, url.slice(h.base.length), t);
        seen.push(...res.body.items.map((i) => i.played_at));
        url = res.body.next;
        pages++;
      }
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(50);

      const after = await get(`?after=${playedAt(5)}`);
      expect(after.body.items.map((i) => i.played_at)).toEqual(
        [4, 3, 2, 1, 0].map((i) => new Date(playedAt(i)).toISOString()).reverse(),
      );
      expect(after.body.next).toBeNull();
      const afterPaged = await get(`?after=${playedAt(10)}&limit=4`);
      expect(afterPaged.body.items.map((i) => i.played_at)).toEqual(
        [6, 7, 8, 9].map((i) => new Date(playedAt(i)).toISOString()),
      );
      expect(afterPaged.body.next).toBe(
        `${h.base}/v1/me/player/recently-played?after=${playedAt(6)}&limit=4`,
      );
    });

    it('rejects after+before together and limits outside 1..50', async () => {
      expect((await get(`?after=1&before=2`)).status).toBe(400);
      expect((await get(`?limit=0`)).status).toBe(400);
      expect((await get(`?limit=51`)).status).toBe(400);
      expect((await get(`?after=yesterday`)).status).toBe(400);
    });

    it('keeps null contexts (Liked Songs) and playlist_v2 context types', async () => {
      const res = await get('?limit=10');
      const byIndex = res.body.items;
      expect(byIndex[0].context).toBeNull();
      expect(byIndex[1].context).toMatchObject({ type: 'playlist_v2', uri: `spotify:playlist:${ids.demo}` });
      expect(byIndex[2].context).toMatchObject({ type: 'album' });
    });

    it('does not show plays before their played_at', async () => {
      const cat = h.sandbox.catalog();
      h.sandbox.addPlay(userId, { trackId: cat.tracks[100].id, playedAt: base + 120_000 });
      expect((await get('?limit=1')).body.items[0].track.id).toBe(cat.tracks[0].id);
      h.sandbox.clock.advance(120_000);
      expect((await get('?limit=1')).body.items[0].track.id).toBe(cat.tracks[100].id);
    });

    it('an account with no plays answers an empty page', async () => {
      const fresh = h.sandbox.createUser({ displayName: 'Nobody Yet' });
      const ft = h.sandbox.issueToken({ userId: fresh.id, scope: ALL_SCOPES }).access_token;
      const res = await api<RecentlyPlayed>(h.base, '/v1/me/player/recently-played', ft);
      expect(res.body).toMatchObject({
        items: [],
        next: null,
        cursors: { after: null, before: null },
        total: 0,
      });
    });
  });

  describe('playlists', () => {
    it('playlist items are for the owner and collaborators only (403 otherwise)', async () => {
      expect((await api(h.base, `/v1/playlists/${ids.demo}/items`, labelToken)).status).toBe(200);
      const denied = await api(h.base, `/v1/playlists/${ids.demo}/items`, adaToken);
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual({ error: { status: 403, message: 'Forbidden' } });
      expect((await api(h.base, `/v1/playlists/${ids.demo}/tracks`, adaToken)).status).toBe(403);
      expect((await api(h.base, `/v1/playlists/${ids.shared}/items`, adaToken)).status).toBe(200); // owner
      expect((await api(h.base, `/v1/playlists/${ids.shared}/items`, graceToken)).status).toBe(200); // collaborator
      expect((await api(h.base, `/v1/playlists/${ids.shared}/items`, benjiToken)).status).toBe(403);
      expect((await api(h.base, `/v1/playlists/${ids.shared}`, benjiToken)).status).toBe(404); // private
      // the playlist object embeds items only for members
      const asOwner = await api<Json>(h.base, `/v1/playlists/${ids.demo}`, labelToken);
      expect((asOwner.body['items'] as Json)['items']).toHaveLength(12);
      const asOther = await api<Json>(h.base, `/v1/playlists/${ids.demo}`, adaToken);
      expect(asOther.body['items']).toEqual({ href: `${h.base}/v1/playlists/${ids.demo}/items`, total: 12 });
    });

    it('a collaborator added through the control API gets access', async () => {
      const res = await control(h.base, 'POST', `/playlists/${ids.demo}/collaborators`, {
        userId: ids.benji,
      });
      expect(res.status).toBe(200);
      expect((await api(h.base, `/v1/playlists/${ids.demo}/items`, benjiToken)).status).toBe(200);
    });

    it('serves both entry shapes: /items with item, legacy /tracks with track, with paging', async () => {
      const items = await api<Json>(h.base, `/v1/playlists/${ids.demo}/items?limit=5&offset=5`, labelToken);
      const entries = items.body['items'] as Json[];
      expect(entries).toHaveLength(5);
      expect(Object.keys(entries[0]).sort()).toEqual(['added_at', 'added_by', 'is_local', 'item']);
      expect(items.body['next']).toBe(`${h.base}/v1/playlists/${ids.demo}/items?offset=10&limit=5`);
      expect(items.body['previous']).toBe(`${h.base}/v1/playlists/${ids.demo}/items?offset=0&limit=5`);
      expect(items.body['total']).toBe(12);
      const tracks = await api<Json>(
        h.base,
        `/v1/playlists/${ids.demo}/tracks?limit=5&offset=10`,
        labelToken,
      );
      const legacy = tracks.body['items'] as Json[];
      expect(legacy).toHaveLength(2);
      expect(Object.keys(legacy[0]).sort()).toEqual(['added_at', 'added_by', 'is_local', 'track']);
      expect(tracks.body['next']).toBeNull();
      expect((legacy[0]['track'] as Json)['id']).toBe(
        h.sandbox.catalog().playlists.find((p) => p.id === ids.demo)!.trackIds[10],
      );
    });

    it('filters fields', async () => {
      const simple = await api<Json>(
        h.base,
        `/v1/playlists/${ids.demo}?fields=snapshot_id,name,owner(id,display_name)`,
        adaToken,
      );
      expect(simple.status).toBe(200);
      expect(Object.keys(simple.body).sort()).toEqual(['name', 'owner', 'snapshot_id']);
      expect(simple.body['owner']).toEqual({ id: ids.label, display_name: 'Nightjar Records' });

      const nested = await api<Json>(
        h.base,
        `/v1/playlists/${ids.demo}?fields=tracks.items(track(id,album(name))),name`,
        labelToken,
      );
      const first = ((nested.body['tracks'] as Json)['items'] as Json[])[0];
      expect(Object.keys(nested.body).sort()).toEqual(['name', 'tracks']);
      expect(Object.keys(first)).toEqual(['track']);
      expect(Object.keys(first['track'] as Json).sort()).toEqual(['album', 'id']);
      expect(Object.keys((first['track'] as Json)['album'] as Json)).toEqual(['name']);

      const items = await api<Json>(
        h.base,
        `/v1/playlists/${ids.demo}/items?fields=total,items(added_at,item(id,!name))`,
        labelToken,
      );
      expect(Object.keys(items.body).sort()).toEqual(['items', 'total']);
      expect(Object.keys((items.body['items'] as Json[])[0]).sort()).toEqual(['added_at', 'item']);
      expect(Object.keys((items.body['items'] as Json[])[0]['item'] as Json)).toEqual(['id']);

      const excluded = await api<Json>(h.base, `/v1/playlists/${ids.demo}?fields=!tracks,!items`, adaToken);
      expect(excluded.body).not.toHaveProperty('tracks');
      expect(excluded.body).toHaveProperty('snapshot_id');

      expect((await api(h.base, `/v1/playlists/${ids.demo}?fields=items(`, adaToken)).status).toBe(400);
    });
  });

  describe('catalog endpoints', () => {
    it('albums, album tracks and artists (top tracks: web-api-gated.spec.ts)', async () => {
      const cat = h.sandbox.catalog();
      const album = cat.albums.find((a) => a.trackIds.length >= 8)!;
      const a = await api<Json>(h.base, `/v1/albums/${album.id}`, adaToken);
      expect(a.body['total_tracks']).toBe(album.trackIds.length);
      expect(((a.body['tracks'] as Json)['items'] as Json[]).map((t) => t['id'])).toEqual(album.trackIds);
      const page = await api<Json>(h.base, `/v1/albums/${album.id}/tracks?limit=3&offset=2`, adaToken);
      expect((page.body['items'] as Json[]).map((t) => t['id'])).toEqual(album.trackIds.slice(2, 5));
      expect((page.body['items'] as Json[])[0]['track_number']).toBe(3);
      const artist = await api<Json>(h.base, `/v1/artists/${album.artistIds[0]}`, adaToken);
      expect(artist.body['name']).toBe(cat.artists.find((x) => x.id === album.artistIds[0])!.name);
    });

    it('GET /tracks/{id} is a full track object with open.spotify.com links', async () => {
      const track = h.sandbox.catalog().tracks[7];
      const res = await api<Json>(h.base, `/v1/tracks/${track.id}`, adaToken);
      expect(res.body).toMatchObject({
        id: track.id,
        name: track.name,
        duration_ms: track.durationMs,
        uri: `spotify:track:${track.id}`,
        external_urls: { spotify: `https://open.spotify.com/track/${track.id}` },
        href: `${h.base}/v1/tracks/${track.id}`,
      });
    });
  });

  describe('library and top items', () => {
    it('GET /me/library/contains answers booleans per URI', async () => {
      const liked = await api<Json>(h.base, `/v1/playlists/${ids.demo}`, adaToken);
      expect(liked.status).toBe(200);
      const cat = h.sandbox.catalog();
      const adaPlaylist = cat.playlists.find((p) => p.ownerId === ids.ada)!;
      const uris = [`spotify:playlist:${adaPlaylist.id}`, `spotify:track:${'0'.repeat(22)}`].join(',');
      const res = await api<boolean[]>(h.base, `/v1/me/library/contains?uris=${uris}`, adaToken);
      expect(res.body).toEqual([true, false]);
      expect((await api(h.base, `/v1/me/library/contains?uris=bogus`, adaToken)).status).toBe(400);
      const many = Array.from({ length: 41 }, () => `spotify:track:${'0'.repeat(22)}`).join(',');
      expect((await api(h.base, `/v1/me/library/contains?uris=${many}`, adaToken)).status).toBe(400);
    });

    it('GET /me/top/{type} pages through a listener’s favourites', async () => {
      const tracks = await api<Json>(h.base, '/v1/me/top/tracks?limit=5', adaToken);
      expect(tracks.status).toBe(200);
      expect(tracks.body['items']).toHaveLength(5);
      expect(tracks.body['next']).toContain('offset=5');
      const artists = await api<Json>(
        h.base,
        '/v1/me/top/artists?time_range=short_term&limit=3&offset=1',
        adaToken,
      );
      expect(artists.body['items']).toHaveLength(3);
      expect(artists.body['offset']).toBe(1);
      expect((await api(h.base, '/v1/me/top/tracks?time_range=forever', adaToken)).status).toBe(400);
      expect((await api(h.base, '/v1/me/top/songs', adaToken)).status).toBe(404);
    });
  });
});
