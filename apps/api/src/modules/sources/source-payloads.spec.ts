import { lastfmSignature, recentTracksPage } from './lastfm/lastfm.client';
import { lastfmPlay } from './lastfm/lastfm.source';
import { listenBrainzPlay } from './listenbrainz/listenbrainz.source';
import { spotifyTrackIdOf } from './source-http';

/** The sources' payloads as SourcePlays (shapes from https://www.last.fm/api/show/user.getRecentTracks and
 * https://listenbrainz.readthedocs.io/en/latest/users/json.html). */
describe('source payloads', () => {
  it('Last.fm: skips the now-playing entry, takes date.uts as the start, accepts a one-track page object', () => {
    const page = recentTracksPage({
      recenttracks: {
        track: [
          { name: 'Now', artist: { '#text': 'A' }, album: { '#text': '' }, '@attr': { nowplaying: 'true' } },
          {
            name: 'Lanterns',
            artist: { '#text': 'Velvet Harbor' },
            album: { '#text': 'Tides' },
            date: { uts: '1767323045' },
          },
        ],
        '@attr': { totalPages: '3' },
      },
    });
    expect(page.totalPages).toBe(3);
    expect(page.tracks.map(lastfmPlay)).toEqual([
      null,
      {
        startedAtMs: 1767323045000,
        artistName: 'Velvet Harbor',
        trackName: 'Lanterns',
        albumName: 'Tides',
        durationMs: null,
        spotifyTrackId: null,
        isrc: null,
      },
    ]);
    const single = recentTracksPage({
      recenttracks: { track: { name: 'Solo', artist: { '#text': 'B' }, date: { uts: '1' } }, '@attr': {} },
    });
    expect(single.tracks).toHaveLength(1);
    expect(lastfmPlay(single.tracks[0]!)).toMatchObject({
      trackName: 'Solo',
      albumName: null,
      startedAtMs: 1000,
    });
    expect(recentTracksPage({}).tracks).toEqual([]);
  });

  it('Last.fm: api_sig is the md5 of the sorted parameters (format left out) and the secret', () => {
    // md5('api_keykmethodauth.getSessiontokentsecret')
    expect(
      lastfmSignature({ token: 't', method: 'auth.getSession', api_key: 'k', format: 'json' }, 'secret'),
    ).toBe('47656600a9b4352066d3092b68e9036b');
  });

  it('ListenBrainz: listened_at as the start, the Spotify id out of a URL, ISRC and duration', () => {
    expect(
      listenBrainzPlay({
        listened_at: 1767323045,
        track_metadata: {
          artist_name: 'Velvet Harbor, Guest',
          track_name: 'Lanterns',
          release_name: 'Tides',
          additional_info: {
            spotify_id: 'https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC?si=x',
            isrc: 'usabc2600001',
            duration_ms: 201000,
          },
        },
      }),
    ).toEqual({
      startedAtMs: 1767323045000,
      artistName: 'Velvet Harbor, Guest',
      trackName: 'Lanterns',
      albumName: 'Tides',
      durationMs: 201000,
      spotifyTrackId: '4uLU6hMCjMI75M1A2tKUQC',
      isrc: 'USABC2600001',
    });
    expect(listenBrainzPlay({ listened_at: 1, track_metadata: { artist_name: 'A' } })).toBeNull();
  });

  it('extracts a Spotify track id from an id, a URI or a URL, and nothing else', () => {
    expect(spotifyTrackIdOf('4uLU6hMCjMI75M1A2tKUQC')).toBe('4uLU6hMCjMI75M1A2tKUQC');
    expect(spotifyTrackIdOf('spotify:track:4uLU6hMCjMI75M1A2tKUQC')).toBe('4uLU6hMCjMI75M1A2tKUQC');
    expect(spotifyTrackIdOf('https://open.spotify.com/intl-de/track/4uLU6hMCjMI75M1A2tKUQC')).toBe(
      '4uLU6hMCjMI75M1A2tKUQC',
    );
    expect(spotifyTrackIdOf('https://open.spotify.com/album/4uLU6hMCjMI75M1A2tKUQC')).toBeNull();
    expect(spotifyTrackIdOf(undefined)).toBeNull();
  });
});
