import { strToU8, zipSync } from 'fflate';
import { HistoryPlay, HistoryTrack, parseHistoryEntry } from './streaming-history-entry';
import { HistoryInvalidError, HistoryTooLargeError } from './streaming-history.errors';
import { StreamingHistoryReader } from './streaming-history.reader';

const TRACK = '4uLU6hMCjMI75M1A2tKUQC';
const OTHER = '0VjIjW4GlUZAMYd2vXMi3b';

const entry = (over: Record<string, unknown> = {}) => ({
  ts: '2024-03-01T18:04:12Z',
  platform: 'ios',
  ms_played: 200_000,
  conn_country: 'DE',
  master_metadata_track_name: 'Never Gonna Give You Up',
  master_metadata_album_artist_name: 'Rick Astley',
  master_metadata_album_album_name: 'Whenever You Need Somebody',
  spotify_track_uri: `spotify:track:${TRACK}`,
  episode_name: null,
  spotify_episode_uri: null,
  reason_start: 'trackdone',
  reason_end: 'trackdone',
  shuffle: false,
  skipped: false,
  offline: false,
  incognito_mode: false,
  ...over,
});

const podcast = (ts: string) =>
  entry({
    ts,
    master_metadata_track_name: null,
    master_metadata_album_artist_name: null,
    master_metadata_album_album_name: null,
    spotify_track_uri: null,
    episode_name: 'Episode 1',
    spotify_episode_uri: 'spotify:episode:5Xt5DXGzch68nYYamXrNxZ',
  });

/**
 * Reads `bytes` in chunks of `size` (to cross every boundary), as an upload would arrive; the plays handed to
 * onPlay are collected here (the reader keeps none).
 */
function read(
  bytes: Uint8Array,
  size = 7,
  options: Partial<ConstructorParameters<typeof StreamingHistoryReader>[0]> = {},
) {
  const plays: HistoryPlay[] = [];
  const tracks = new Map<string, HistoryTrack>();
  const reader = new StreamingHistoryReader({
    fileName: 'upload.json',
    maxBytes: 10_000_000,
    maxUnzippedBytes: 10_000_000,
    now: Date.parse('2026-01-01T00:00:00Z'),
    onPlay: (play, track) => {
      plays.push(play);
      if (!tracks.has(track.id)) tracks.set(track.id, track);
    },
    ...options,
  });
  for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
  return { ...reader.finish(), played: plays, tracks };
}

const json = (value: unknown) => strToU8(JSON.stringify(value, null, 1));

describe('parseHistoryEntry', () => {
  it('reads a track entry: the end time, ms played and the id from the URI', () => {
    expect(parseHistoryEntry(entry(), 'f.json', 0)).toEqual({
      kind: 'track',
      endMs: Date.parse('2024-03-01T18:04:12Z'),
      msPlayed: 200_000,
      trackId: TRACK,
      name: 'Never Gonna Give You Up',
      artistName: 'Rick Astley',
      albumName: 'Whenever You Need Somebody',
    });
  });

  it('tells podcasts from other entries without a track', () => {
    expect(parseHistoryEntry(podcast('2024-03-01T18:04:12Z'), 'f.json', 0).kind).toBe('episode');
    expect(
      parseHistoryEntry(entry({ spotify_track_uri: null, master_metadata_track_name: null }), 'f.json', 0)
        .kind,
    ).toBe('other');
  });

  it.each([
    [{ ts: 'yesterday' }, 'ts'],
    [{ ts: 1709316252000 }, 'ts'],
    [{ ms_played: -1 }, 'ms_played'],
    [{ ms_played: '200000' }, 'ms_played'],
    [{ spotify_track_uri: 'spotify:episode:5Xt5DXGzch68nYYamXrNxZ' }, 'spotify_track_uri'],
    [{ spotify_track_uri: undefined }, 'spotify_track_uri'],
    [{ master_metadata_track_name: 42 }, 'master_metadata_track_name'],
  ])('refuses %j, naming %s', (over, field) => {
    const value = JSON.parse(JSON.stringify(entry(over))) as unknown;
    expect(() => parseHistoryEntry(value, 'f.json', 3)).toThrow(
      expect.objectContaining({ file: 'f.json', index: 3, field }) as Error,
    );
  });

  it('explains that the basic account-data history is not enough', () => {
    const basic = { endTime: '2024-03-01 18:04', artistName: 'A', trackName: 'T', msPlayed: 1000 };
    expect(() => parseHistoryEntry(basic, 'StreamingHistory_music_0.json', 0)).toThrow(
      /Extended streaming history/,
    );
  });
});

describe('StreamingHistoryReader', () => {
  it('hands on track plays of 30 s or more, start = ts − ms_played, and counts the rest', () => {
    const result = read(
      json([
        entry({ ts: '2024-03-01T18:04:12Z', ms_played: 200_000 }),
        entry({ ts: '2024-03-01T18:10:00Z', ms_played: 29_999 }),
        entry({ ts: '2024-03-01T18:20:00Z', ms_played: 30_000, spotify_track_uri: `spotify:track:${OTHER}` }),
        podcast('2024-03-01T19:00:00Z'),
        entry({ ts: '2024-03-01T18:04:12Z', ms_played: 200_000 }),
        entry({ spotify_track_uri: null, master_metadata_track_name: null }),
      ]),
    );
    expect(result).toMatchObject({
      fileNames: ['upload.json'],
      entries: 6,
      podcasts: 1,
      shortPlays: 1,
      other: 1,
      plays: 3,
    });
    // A repeated instant is handed on again: the database's uniqueness (listener, played_at) skips it.
    expect(result.played).toEqual([
      { startMs: Date.parse('2024-03-01T18:04:12Z') - 200_000, trackId: TRACK, msPlayed: 200_000 },
      { startMs: Date.parse('2024-03-01T18:20:00Z') - 30_000, trackId: OTHER, msPlayed: 30_000 },
      { startMs: Date.parse('2024-03-01T18:04:12Z') - 200_000, trackId: TRACK, msPlayed: 200_000 },
    ]);
    expect(result.tracks.get(TRACK)).toEqual({
      id: TRACK,
      name: 'Never Gonna Give You Up',
      artistName: 'Rick Astley',
      albumName: 'Whenever You Need Somebody',
    });
  });

  it('reads the history files of a ZIP, whatever else it holds', () => {
    const zip = zipSync({
      'Spotify Extended Streaming History/Streaming_History_Audio_2023_0.json': json([entry()]),
      'Spotify Extended Streaming History/Streaming_History_Audio_2024_1.json': [
        json([entry({ ts: '2024-04-01T10:00:00Z' })]),
        { level: 0 },
      ],
      'Spotify Extended Streaming History/Streaming_History_Video_2024.json': json([{ nope: true }]),
      'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf': strToU8('%PDF'),
      '__MACOSX/Spotify Extended Streaming History/._Streaming_History_Audio_2023_0.json': strToU8('junk'),
    });
    const result = read(zip, 1000, { fileName: 'my_spotify_data.zip' });
    expect(result.fileNames).toEqual([
      'Streaming_History_Audio_2023_0.json',
      'Streaming_History_Audio_2024_1.json',
    ]);
    expect(result.played).toHaveLength(2);
    expect(result.plays).toBe(2);
    expect(result.uploadBytes).toBe(zip.length);
  });

  it('names the file inside the ZIP and the entry that is wrong', () => {
    const zip = zipSync({
      'Streaming_History_Audio_2023_0.json': json([entry()]),
      'Streaming_History_Audio_2024_1.json': json([entry(), entry(), entry({ ms_played: 'long' })]),
    });
    expect(() => read(zip, 100)).toThrow(
      expect.objectContaining({
        file: 'Streaming_History_Audio_2024_1.json',
        index: 2,
        field: 'ms_played',
      }) as Error,
    );
  });

  it('refuses a ZIP without history files, and one cut short', () => {
    expect(() => read(zipSync({ 'a.txt': strToU8('x') }), 100, { fileName: 'x.zip' })).toThrow(
      /holds no Streaming_History_Audio/,
    );
    expect(() => read(zipSync({ 'StreamingHistory_music_0.json': json([]) }), 100)).toThrow(
      /basic account-data/,
    );
    const zip = zipSync({
      'Streaming_History_Audio_1.json': json(Array.from({ length: 50 }, () => entry())),
    });
    expect(() => read(zip.subarray(0, zip.length - 200), 100)).toThrow(HistoryInvalidError);
  });

  it('stops at the size limits: the upload, and what a ZIP unpacks to', () => {
    const big = json(
      Array.from({ length: 100 }, (_, i) =>
        entry({ ts: `2024-03-01T18:${String(i % 60).padStart(2, '0')}:00Z` }),
      ),
    );
    expect(() => read(big, 1000, { maxBytes: 5_000 })).toThrow(
      expect.objectContaining({ what: 'upload', limitBytes: 5_000 }) as HistoryTooLargeError,
    );
    const zip = zipSync({ 'Streaming_History_Audio_1.json': big });
    expect(zip.length).toBeLessThan(big.length / 5);
    expect(() => read(zip, 1000, { maxUnzippedBytes: big.length - 1 })).toThrow(
      expect.objectContaining({ what: 'unzipped' }) as HistoryTooLargeError,
    );
  });
});
