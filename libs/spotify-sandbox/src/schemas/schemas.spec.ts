/** Every endpoint the sandbox serves, checked against the response schemas kept in this folder. */
import {
  api,
  appToken,
  authorizeUser,
  CLIENT_ID,
  CLIENT_SECRET,
  control,
  Harness,
  startSandbox,
  token,
} from '../testing/harness';
import * as C from './control';
import * as S from './spotify';
import { assertMatches, Schema, validate } from './validator';

describe('response schemas', () => {
  let h: Harness;
  let user: string;
  let label: string;
  let userToken: string;
  let labelToken: string;
  let app: string;
  let refresh: string;
  let ids: { track: string; album: string; artist: string; demo: string };

  const check = async (path: string, schema: Schema, tokenValue: string, status = 200) => {
    const res = await api(h.base, path, tokenValue);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    assertMatches(schema, res.body, `GET ${path}`);
    return res.body;
  };

  beforeAll(async () => {
    h = await startSandbox({ devModeUserCap: 50 });
    const info = h.sandbox.info();
    const cat = h.sandbox.catalog();
    user = info.listenerIds[0];
    label = info.labelUserId;
    const tokens = await authorizeUser(h.base, user);
    userToken = tokens.access_token;
    refresh = tokens.refresh_token;
    labelToken = (await authorizeUser(h.base, label)).access_token;
    app = await appToken(h.base);
    ids = {
      track: cat.tracks[5].id,
      album: cat.albums[0].id,
      artist: cat.artists[0].id,
      demo: info.demoPlaylistId,
    };
    // make sure recently-played has a playlist_v2 and a null context
    h.sandbox.addPlay(user, {
      trackId: ids.track,
      context: { type: 'playlist_v2', uri: `spotify:playlist:${ids.demo}` },
    });
    h.sandbox.addPlay(user, { trackId: cat.tracks[6].id, context: null });
  });
  afterAll(() => h.close());

  describe('accounts', () => {
    it('authorization_code token response', async () => {
      const t = await authorizeUser(h.base, user);
      assertMatches(S.AuthorizationCodeTokenResponse, t);
    });
    it('refresh_token response', async () => {
      const res = await token(h.base, {
        grant_type: 'refresh_token',
        refresh_token: refresh,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      });
      expect(res.status).toBe(200);
      assertMatches(S.RefreshTokenResponse, res.body);
    });
    it('client_credentials response', async () => {
      const res = await token(
        h.base,
        { grant_type: 'client_credentials' },
        { id: CLIENT_ID, secret: CLIENT_SECRET },
      );
      assertMatches(S.ClientCredentialsTokenResponse, res.body);
    });
    it('accounts errors', async () => {
      for (const [params, status] of [
        [
          {
            grant_type: 'refresh_token',
            refresh_token: 'nope',
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
          },
          400,
        ],
        [{ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'bad' }, 401],
        [{ grant_type: 'nope', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }, 400],
        [{ grant_type: 'authorization_code', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }, 400],
      ] as const) {
        const res = await token(h.base, params);
        expect(res.status).toBe(status);
        assertMatches(S.AccountsError, res.body);
      }
    });
  });

  describe('Web API', () => {
    it('GET /me (development mode)', () => check('/v1/me', S.PrivateUserObjectDevMode, userToken));
    it('GET /me/player/recently-played', async () => {
      const body = (await check(
        '/v1/me/player/recently-played?limit=50',
        S.CursorPagingPlayHistoryObject,
        userToken,
      )) as {
        items: Array<{ context: { type: string } | null }>;
      };
      expect(body.items.some((i) => i.context === null)).toBe(true);
      expect(body.items.some((i) => i.context?.type === 'playlist_v2')).toBe(true);
      await check(
        '/v1/me/player/recently-played?limit=2&before=1',
        S.CursorPagingPlayHistoryObject,
        userToken,
      );
    });
    it('GET /me/top/artists and /me/top/tracks', async () => {
      await check('/v1/me/top/artists?limit=10', S.PagingObject(S.ArtistObject), userToken);
      await check(
        '/v1/me/top/tracks?time_range=long_term&limit=50',
        S.PagingObject(S.TrackObject),
        userToken,
      );
    });
    it('GET /me/library/contains', () =>
      check(
        `/v1/me/library/contains?uris=spotify:track:${ids.track},spotify:album:${ids.album}`,
        S.ArrayOfBooleans,
        userToken,
      ));
    it('GET /playlists/{id} as owner, as another user and with an app token', async () => {
      await check(`/v1/playlists/${ids.demo}`, S.PlaylistObject, labelToken);
      await check(`/v1/playlists/${ids.demo}`, S.PlaylistObject, userToken);
      await check(`/v1/playlists/${ids.demo}`, S.PlaylistObject, app);
    });
    it('GET /playlists/{id}/items and legacy /tracks', async () => {
      await check(`/v1/playlists/${ids.demo}/items`, S.PagingObject(S.PlaylistItemObject, 100), labelToken);
      await check(
        `/v1/playlists/${ids.demo}/tracks?limit=3`,
        S.PagingObject(S.PlaylistTrackObject, 100),
        labelToken,
      );
    });
    it('GET /tracks/{id}', () => check(`/v1/tracks/${ids.track}`, S.TrackObject, app));
    it('GET /albums/{id} and /albums/{id}/tracks', async () => {
      await check(`/v1/albums/${ids.album}`, S.AlbumObject, app);
      await check(`/v1/albums/${ids.album}/tracks?limit=2`, S.PagingObject(S.SimplifiedTrackObject), app);
    });
    it('GET /artists/{id} and (extended mode) /artists/{id}/top-tracks', async () => {
      await check(`/v1/artists/${ids.artist}`, S.ArtistObject, app);
      h.sandbox.configure({ mode: 'extended' });
      try {
        await check(`/v1/artists/${ids.artist}/top-tracks`, S.ArtistTopTracks, app);
      } finally {
        h.sandbox.configure({ mode: 'development' });
      }
    });
    it('every catalog track, album and artist matches', async () => {
      const cat = h.sandbox.catalog();
      for (const t of cat.tracks.filter((_, i) => i % 7 === 0))
        await check(`/v1/tracks/${t.id}`, S.TrackObject, app);
      for (const a of cat.albums) await check(`/v1/albums/${a.id}`, S.AlbumObject, app);
      for (const a of cat.artists) await check(`/v1/artists/${a.id}`, S.ArtistObject, app);
    });
    it('error bodies', async () => {
      await check('/v1/me', S.WebApiError, 'BQbad', 401);
      await check(`/v1/tracks/bad`, S.WebApiError, app, 400);
      await check(`/v1/tracks/${'0'.repeat(22)}`, S.WebApiError, app, 404);
      await check(`/v1/playlists/${ids.demo}/items`, S.WebApiError, userToken, 403);
      await check(`/v1/tracks?ids=${ids.track}`, S.WebApiError, app, 403);
      await control(h.base, 'POST', '/faults', {
        scope: 'global',
        status: 429,
        reason: 'QUOTA_EXCEEDED',
        count: 1,
      });
      await check('/v1/me', S.WebApiError, userToken, 429);
      await control(h.base, 'POST', '/faults', { scope: 'global', status: 503, count: 1 });
      await check('/v1/me', S.WebApiError, userToken, 503);
    });
  });

  describe('control API', () => {
    it('GET /_sandbox/catalog', async () => {
      const res = await control(h.base, 'GET', '/catalog');
      assertMatches(C.Catalog, res.body, 'catalog');
    });
    it('POST /_sandbox/users, /plays, /listen', async () => {
      const created = await control<{ id: string }>(h.base, 'POST', '/users', { displayName: 'Schema User' });
      expect(created.status).toBe(201);
      assertMatches(C.SandboxUser, created.body);
      const play = await control(h.base, 'POST', `/users/${created.body.id}/plays`, { trackId: ids.track });
      expect(play.status).toBe(201);
      assertMatches(C.Play, play.body);
      const listen = await control(h.base, 'POST', `/users/${created.body.id}/listen`, {
        contextUri: `spotify:artist:${ids.artist}`,
        count: 2,
      });
      expect(listen.status).toBe(202);
      assertMatches(C.ListenResponse, listen.body);
    });
    it('playlist routes', async () => {
      const add = await control(h.base, 'POST', `/playlists/${ids.demo}/tracks`, { trackIds: [ids.track] });
      assertMatches(C.SnapshotResponse, add.body);
      const del = await control(h.base, 'DELETE', `/playlists/${ids.demo}/tracks/${ids.track}`);
      assertMatches(C.SnapshotResponse, del.body);
      const collab = await control(h.base, 'POST', `/playlists/${ids.demo}/collaborators`, { userId: user });
      assertMatches(C.CollaboratorsResponse, collab.body);
    });
    it('faults, clock, calls, tokens, config, reset, errors', async () => {
      assertMatches(
        C.FaultCreated,
        (await control(h.base, 'POST', '/faults', { scope: user, status: 500, count: 1 })).body,
      );
      await control(h.base, 'DELETE', '/faults');
      assertMatches(C.ClockResponse, (await control(h.base, 'GET', '/clock')).body);
      assertMatches(C.ClockResponse, (await control(h.base, 'POST', '/clock', { advanceMs: 1 })).body);
      const calls = await control<unknown[]>(h.base, 'GET', '/calls');
      expect(calls.body.length).toBeGreaterThan(5);
      assertMatches(C.CallList, calls.body);
      assertMatches(
        C.RevokeResponse,
        (await control(h.base, 'POST', '/tokens/revoke', { userId: user })).body,
      );
      assertMatches(
        C.ConfigResponse,
        (await control(h.base, 'POST', '/config', { devModeUserCap: 50 })).body,
      );
      assertMatches(
        C.ControlError,
        (await control(h.base, 'POST', '/users/nobody/plays', { trackId: ids.track })).body,
      );
      assertMatches(C.ResetResponse, (await control(h.base, 'POST', '/reset')).body);
    });
  });
});

describe('schema validator', () => {
  it('rejects missing, extra and mistyped fields (so the checks above can fail)', () => {
    const track = { ...S.TrackObject };
    expect(validate(track, {})).toEqual(expect.arrayContaining(['$.id: required', '$.album: required']));
    expect(validate(S.PrivateUserObjectDevMode, { country: 'SE' })).toContain('$.country: not allowed');
    expect(validate(S.spotifyId, 'short')).toHaveLength(1);
    expect(validate({ type: 'integer' }, 1.5)).toHaveLength(1);
    expect(validate({ type: 'string', nullable: true }, null)).toEqual([]);
    expect(validate({ type: 'string' }, null)).toEqual(['$: null is not allowed']);
    expect(validate(S.ContextObject, null)).toEqual([]);
    expect(validate({ oneOf: [{ type: 'string' }, { type: 'integer' }] }, true)).toHaveLength(1);
    expect(() => assertMatches(S.ArrayOfBooleans, [true, 'x'])).toThrow(/\$\[1\]: expected boolean/);
  });

  it('the recently-played schema wants string cursors', () => {
    const base = { href: 'http://x/y', limit: 1, next: null, total: 0, items: [] };
    expect(
      validate(S.CursorPagingPlayHistoryObject, { ...base, cursors: { after: 1, before: null } }),
    ).toHaveLength(1);
    expect(
      validate(S.CursorPagingPlayHistoryObject, { ...base, cursors: { after: '1', before: null } }),
    ).toEqual([]);
  });
});
