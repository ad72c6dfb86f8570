import {
  idFromUri,
  normalizeContext,
  normalizePlay,
  normalizePlaylist,
  normalizePlaylistItem,
  normalizeRecentlyPlayed,
  normalizeTokenResponse,
  normalizeTrack,
  normalizeUser,
} from './spotify.normalizer';

const TRACK_ID = '4uLU6hMCjMI75M1A2tKUQC';
const PLAYLIST_ID = '37i9dQZF1DXcBWIGoYBM5M';

const track = {
  type: 'track',
  id: TRACK_ID,
  uri: `spotify:track:${TRACK_ID}`,
  name: 'Summer Nights',
  duration_ms: 201_000,
  artists: [{ id: 'a1', name: 'Velvet Harbor', uri: 'spotify:artist:a1' }],
  album: { id: 'al1', name: 'Tides', images: [{ url: 'https://i.scdn.co/640', width: 640, height: 640 }] },
  external_ids: { isrc: 'GBAYE0601498' },
  popularity: 61,
  is_local: false,
};

describe('normalising Spotify shapes', () => {
  it('maps a track to camelCase with the album cover and artists', () => {
    expect(normalizeTrack(track)).toEqual({
      id: TRACK_ID,
      uri: `spotify:track:${TRACK_ID}`,
      name: 'Summer Nights',
      durationMs: 201_000,
      artists: [{ id: 'a1', name: 'Velvet Harbor' }],
      album: { id: 'al1', name: 'Tides', imageUrl: 'https://i.scdn.co/640' },
      isrc: 'GBAYE0601498',
      popularity: 61,
      isLocal: false,
    });
  });

  it('takes ids from URIs when the id field is missing (development mode strips fields)', () => {
    const { id: _, ...withoutId } = track;
    expect(normalizeTrack(withoutId)?.id).toBe(TRACK_ID);
    expect(idFromUri(`spotify:user:nightjar:playlist:${PLAYLIST_ID}`)).toBe(PLAYLIST_ID);
    expect(idFromUri('spotify:user:nightjar:collection')).toBeNull();
    expect(idFromUri('not a uri')).toBeNull();
  });

  it('skips podcast episodes and unusable entries rather than inventing tracks', () => {
    expect(normalizeTrack({ type: 'episode', id: TRACK_ID })).toBeNull();
    expect(normalizeTrack(null)).toBeNull();
    expect(normalizeTrack({ name: 'no id' })).toBeNull();
  });

  it('normalises playlist_v2 contexts to playlist and keeps the id', () => {
    expect(
      normalizeContext({
        type: 'playlist_v2',
        uri: `spotify:playlist:${PLAYLIST_ID}`,
        href: 'x',
        external_urls: {},
      }),
    ).toEqual({ type: 'playlist', uri: `spotify:playlist:${PLAYLIST_ID}`, id: PLAYLIST_ID });
    expect(normalizeContext({ type: 'album', uri: 'spotify:album:al1' })).toEqual({
      type: 'album',
      uri: 'spotify:album:al1',
      id: 'al1',
    });
    expect(normalizeContext({ type: 'mystery', uri: 'spotify:artist:a1' })?.type).toBe('artist');
    expect(normalizeContext({ type: 'collection', uri: 'spotify:user:u:collection' })).toEqual({
      type: 'collection',
      uri: 'spotify:user:u:collection',
      id: null,
    });
  });

  it('keeps null contexts null (Liked Songs, deleted playlists)', () => {
    expect(normalizeContext(null)).toBeNull();
    expect(normalizeContext({ type: 'playlist' })).toBeNull();
  });

  it('turns played_at into a Date and epoch ms', () => {
    const play = normalizePlay({ track, played_at: '2026-06-01T12:34:56.789Z', context: null });
    expect(play?.playedAt).toEqual(new Date('2026-06-01T12:34:56.789Z'));
    expect(play?.playedAtMs).toBe(Date.parse('2026-06-01T12:34:56.789Z'));
    expect(play?.context).toBeNull();
    expect(normalizePlay({ track, played_at: 'yesterday' })).toBeNull();
  });

  it('reads recently-played cursors as epoch ms (strings or null)', () => {
    const page = normalizeRecentlyPlayed({
      items: [{ track, played_at: '2026-06-01T12:00:00Z', context: null }, { track: null }],
      cursors: { after: '1780315200000', before: null },
      next: null,
      limit: 50,
    });
    expect(page.items).toHaveLength(1);
    expect(page.cursors).toEqual({ after: 1780315200000, before: null });
  });

  it('parses playlist entries in both shapes: items[].item and legacy items[].track', () => {
    const entry = { added_at: '2026-05-01T00:00:00Z', added_by: { id: 'ada' }, is_local: false };
    const modern = normalizePlaylistItem({ ...entry, item: track });
    const legacy = normalizePlaylistItem({ ...entry, track });
    expect(modern).toEqual(legacy);
    expect(modern).toMatchObject({
      addedAt: new Date('2026-05-01T00:00:00Z'),
      addedBy: 'ada',
      track: { id: TRACK_ID },
    });
    expect(normalizePlaylistItem({ added_at: null, added_by: null, item: null })).toEqual({
      addedAt: null,
      addedBy: null,
      track: null,
    });
  });

  it('reads playlist metadata with the owner and the count from items or tracks', () => {
    const base = {
      id: PLAYLIST_ID,
      name: 'Summer',
      owner: { id: 'nightjar', display_name: 'Nightjar Records' },
      snapshot_id: 'AAAAAQ',
      public: true,
      collaborative: false,
      images: [],
    };
    expect(normalizePlaylist({ ...base, items: { total: 12 } })).toMatchObject({
      ownerName: 'Nightjar Records',
      trackCount: 12,
      imageUrl: null,
      uri: `spotify:playlist:${PLAYLIST_ID}`,
    });
    expect(normalizePlaylist({ ...base, tracks: { total: 7 } }).trackCount).toBe(7);
  });

  it('prefers nothing it cannot see in /me: account_id when present, null otherwise', () => {
    expect(normalizeUser({ id: 'ada', account_id: 'acc-1', display_name: 'Ada', images: [] })).toEqual({
      id: 'ada',
      accountId: 'acc-1',
      displayName: 'Ada',
      imageUrl: null,
    });
    expect(normalizeUser({ id: 'ada' }).accountId).toBeNull();
  });

  it('keeps the old refresh token when a refresh answer carries none', () => {
    const now = Date.parse('2026-06-01T12:00:00Z');
    const kept = normalizeTokenResponse({ access_token: 'new', expires_in: 3600 }, now, 'old-refresh');
    expect(kept).toEqual({
      accessToken: 'new',
      refreshToken: 'old-refresh',
      refreshTokenRotated: false,
      expiresAt: new Date(now + 3_600_000),
    });
    const rotated = normalizeTokenResponse(
      { access_token: 'new', refresh_token: 'next-refresh', expires_in: 60, scope: 'user-top-read' },
      now,
      'old-refresh',
    );
    expect(rotated).toMatchObject({
      refreshToken: 'next-refresh',
      refreshTokenRotated: true,
      scope: 'user-top-read',
    });
    expect(() => normalizeTokenResponse({}, now)).toThrow(TypeError);
  });
});
