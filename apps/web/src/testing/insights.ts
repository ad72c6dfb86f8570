import type { HistoryImport, ListenerInsights } from '../app/features/listener/listener-api';
import type { FakeAnswer, FakeRequestInit } from './fake-api-client';

const MIN = 60_000;

/** A listener's insights with known figures (4 weeks, Europe/Berlin); override what a spec is about. */
export function insights(overrides: Partial<ListenerInsights> = {}): ListenerInsights {
  return {
    range: '4w',
    timeZone: 'Europe/Berlin',
    from: '2026-10-23T22:00:00.000Z',
    to: '2026-11-20T12:00:00.000Z',
    totals: { plays: 412, listeningMs: 1_365 * MIN, distinctTracks: 190, activeDays: 21 },
    topTracks: [
      {
        trackId: '4uLU6hMCjMI75M1A2tKUQC',
        name: 'Night Drive',
        artistNames: ['Hollow Pines'],
        albumName: 'Midnight Drive',
        imageUrl: null,
        plays: 12,
        listeningMs: 42 * MIN,
      },
    ],
    topArtists: [
      { name: 'Hollow Pines', artistId: '0OdUWJ0sBjDrqHygGUXeCF', plays: 30, listeningMs: 95 * MIN },
    ],
    topAlbums: [
      {
        name: 'Midnight Drive',
        artistName: 'Hollow Pines',
        albumId: '4aawyAB9vmqN3uQ7FjRGTy',
        imageUrl: null,
        plays: 20,
        listeningMs: 70 * MIN,
      },
    ],
    spotifyTop: { status: 'not_granted', timeRange: 'short_term', tracks: [], artists: [] },
    listeningPerDay: [
      { date: '2026-11-19', plays: 10, listeningMs: 35 * MIN },
      { date: '2026-11-20', plays: 4, listeningMs: 14 * MIN },
    ],
    clock: Array.from({ length: 168 }, (_, i) => ({
      weekday: Math.floor(i / 24) + 1,
      hour: i % 24,
      // Fridays at 18:00 are the busiest hour.
      plays: i === 4 * 24 + 18 ? 9 : i % 24 === 8 ? 1 : 0,
      listeningMs: 0,
    })),
    sessions: {
      gapMinutes: 10,
      count: 37,
      averageDurationMs: 42 * MIN,
      longest: {
        startedAt: '2026-11-14T18:00:00.000Z',
        endedAt: '2026-11-14T21:05:00.000Z',
        durationMs: 185 * MIN,
        plays: 51,
        listeningMs: 180 * MIN,
      },
    },
    streaks: {
      current: { days: 5, from: '2026-11-16', to: '2026-11-20' },
      longest: { days: 9, from: '2026-10-30', to: '2026-11-07' },
    },
    newTracks: { tracks: 48, plays: 103, share: 0.25 },
    campaigns: [
      {
        name: 'Summer Singles',
        destinationType: 'playlist',
        destinationName: 'Nightjar Demo Campaign: Summer Singles',
        clicks: 3,
        firstClickAt: '2026-11-19T10:00:00.000Z',
        attributedPlays: 7,
      },
    ],
    ...overrides,
  };
}

export const IMPORT_ID = '0190a0b0-0000-7000-8000-0000000000f1';

export function historyImport(overrides: Partial<HistoryImport> = {}): HistoryImport {
  return {
    id: IMPORT_ID,
    status: 'running',
    queuePosition: null,
    progress: 0,
    fileNames: ['Streaming_History_Audio_2023_1.json'],
    uploadBytes: 2_400_000,
    bytesProcessed: 0,
    counts: {
      entries: 5_200,
      playsTotal: 4_000,
      playsProcessed: 0,
      imported: 0,
      duplicates: 0,
      podcastsSkipped: 700,
      shortPlaysSkipped: 500,
      otherSkipped: 0,
    },
    error: null,
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    finishedAt: null,
    ...overrides,
  };
}

/** The same job waiting behind other listeners' imports (second in line). */
export function importQueued(): HistoryImport {
  return historyImport({ status: 'queued', queuePosition: 2 });
}

/** The same job written halfway, and done (3,900 new, 100 already there). */
export function importHalfway(): HistoryImport {
  const job = historyImport();
  return {
    ...job,
    progress: 0.5,
    bytesProcessed: 1_200_000,
    counts: { ...job.counts, playsProcessed: 2_000, imported: 1_950, duplicates: 50 },
  };
}

export function importDone(): HistoryImport {
  const job = historyImport();
  return {
    ...job,
    status: 'completed',
    progress: 1,
    bytesProcessed: job.uploadBytes,
    counts: { ...job.counts, playsProcessed: 4_000, imported: 3_900, duplicates: 100 },
    finishedAt: '2026-11-20T10:00:05.000Z',
  };
}

type Route = FakeAnswer | ((init: FakeRequestInit) => FakeAnswer | Promise<FakeAnswer>);

/** Fake answers for the insights and import routes (no import yet); override any of them. */
export function insightsRoutes(overrides: Record<string, Route> = {}): Record<string, Route> {
  return {
    'GET /api/v1/listeners/me/insights': { status: 200, body: insights() },
    'GET /api/v1/listeners/me/imports': { status: 200, body: [] },
    ...overrides,
  };
}

/** A file the listener picks, as the file input hands it over. */
export function historyFile(name = 'Streaming_History_Audio_2023_1.json', content = '[]'): File {
  return new File([content], name, { type: name.endsWith('.zip') ? 'application/zip' : 'application/json' });
}

/** Puts `file` in a file input and tells the page, as choosing a file does. */
export function chooseFile(input: HTMLInputElement, file: File): void {
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
}
