/**
 * The per-source part of `npm run bench:polling` (BENCH_POLLING_ONLY=sources runs only it): for Spotify,
 * Last.fm and ListenBrainz, how long one cycle over BENCH_LISTENERS (10,000) listeners takes at the sources'
 * real rate limits, and how many requests the schedule saves against polling everyone at the fast interval.
 *
 * Measured with the real code: the built product as one worker (default polling settings) polls the real
 * sandboxes over HTTP, each answering after BENCH_LATENCY_MS (50 ms), with the sandboxes' limits set to the
 * services' documented ones (Last.fm 1,500 requests per API key per 5 minutes, i.e. the "5 per second averaged
 * over 5 minutes" of its terms; ListenBrainz 50 per token per 10 s, ListenBrainz's default). Spotify publishes
 * no number: its phase runs at the deployment's default budget (POLL_BUDGET_PER_30S = 600).
 *
 * Polling 10,000 listeners at 4-20 requests/s takes 8-42 minutes, so each source is measured for a window of
 * BENCH_SOURCES_WINDOW_S (60) seconds with every listener due at its start: the requests counted in the
 * sandbox's call log give the measured rate, and the cycle is derived as listeners / (polls per second).
 * The schedule is read from what the poller wrote: each polled source's next_poll_at − last_polled_at, grouped
 * by whether the listener is inside an attribution window (a click in the last 28 days: BENCH_IN_WINDOW_SHARE,
 * 0.2) or, for Spotify, whose schedule follows listening, played in the last minute (BENCH_PLAYING_SHARE, 0.1).
 */
import {
  createLastfmSandbox,
  createListenBrainzSandbox,
  DEFAULT_LASTFM_APP,
} from '@soundlink/sources-sandbox';
import { createSpotifySandbox } from '@soundlink/spotify-sandbox';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { encrypt, startWorker, Worker, workerEnv } from './polling-worker';
import { startDatabase } from './support';

const LISTENERS = Number(process.env['BENCH_LISTENERS'] ?? 10_000);
const LATENCY_MS = Number(process.env['BENCH_LATENCY_MS'] ?? 50);
const WINDOW_S = Number(process.env['BENCH_SOURCES_WINDOW_S'] ?? 60);
const IN_WINDOW_SHARE = Number(process.env['BENCH_IN_WINDOW_SHARE'] ?? 0.2);
const PLAYING_SHARE = Number(process.env['BENCH_PLAYING_SHARE'] ?? 0.1);
/**
 * The product's defaults (apps/api/src/config/polling-config.ts), which the worker runs with: the fast interval
 * the schedule is compared with (Spotify: POLL_ACTIVE_INTERVAL_S; the sources: SOURCE_POLL_ACTIVE_INTERVAL_S).
 */
const ACTIVE_INTERVAL_S: Record<Kind, number> = { spotify: 120, lastfm: 600, listenbrainz: 600 };
const APP_ID = 'benchpollingclient00000000000002';
const APP_SECRET = 'bench-polling-secret';
const HOUR_S = 3600;

type Kind = 'spotify' | 'lastfm' | 'listenbrainz';

/** The limit each phase runs against, as a sentence and as requests per second (the ceiling of one cycle). */
const LIMITS: Record<Kind, { text: string; perS: number }> = {
  spotify: {
    text: 'unpublished (rolling 30-s window per app); the default POLL_BUDGET_PER_30S = 600, i.e. 20/s; development mode: 5 users',
    perS: 20,
  },
  lastfm: {
    text: "about 5/s per IP averaged over 5 min (the sandbox: 1,500 per 5 min per key); Soundlink's budget 4/s",
    perS: 5,
  },
  listenbrainz: {
    text: "50 per 10 s per user token (each listener's own); Soundlink's politeness budget 10/s per deployment",
    perS: 10,
  },
};

/** Is listener `i` of the group of `share` (spread evenly, so any prefix of the poll order holds both groups)? */
const inShare = (i: number, share: number) => Math.floor((i + 1) * share) > Math.floor(i * share);

interface Phase {
  kind: Kind;
  seconds: number;
  requests: number;
  rateLimited: number;
  polls: number;
  /** Requests per hour each listener costs on the schedule: often-polled and rarely-polled groups. */
  often: { count: number; perHour: number };
  rarely: { count: number; perHour: number };
}

export async function runSourcesBench(): Promise<void> {
  const database = await startDatabase();
  const key = randomBytes(32);
  const spotify = createSpotifySandbox({
    clients: [{ clientId: APP_ID, clientSecret: APP_SECRET, redirectUris: ['http://127.0.0.1/callback'] }],
    devModeUserCap: 10_000_000,
  });
  const lastfm = createLastfmSandbox({ rateLimit: { limit: 1500, windowMs: 5 * 60_000 } });
  const listenbrainz = createListenBrainzSandbox({ rateLimit: { limit: 50, windowMs: 10_000 } });
  const [spotifyUrl, lastfmUrl, listenbrainzUrl] = await Promise.all([
    spotify.listen(0, '127.0.0.1'),
    lastfm.listen(0, '127.0.0.1'),
    listenbrainz.listen(0, '127.0.0.1'),
  ]);
  const db = new Client({ connectionString: database.url });
  let worker: Worker | undefined;
  try {
    worker = await startWorker({
      ...workerEnv(database.url, key, spotifyUrl, APP_ID, APP_SECRET),
      LASTFM_API_KEY: DEFAULT_LASTFM_APP.apiKey,
      LASTFM_SHARED_SECRET: DEFAULT_LASTFM_APP.sharedSecret,
      LASTFM_API_URL: `${lastfmUrl}/2.0`,
      LISTENBRAINZ_API_URL: listenbrainzUrl,
    });
    await db.connect();
    const started = Date.now();
    await seedCampaign(db);

    // Spotify: sandbox users with a play a minute ago (listening now) or three hours ago.
    const tracks = spotify.catalog().tracks.map((t) => t.id);
    const spotifyRows: unknown[][] = [[], [], [], []];
    for (let i = 0; i < LISTENERS; i++) {
      const user = spotify.createUser({ displayName: `Bench ${i}` });
      const token = spotify.issueToken({ userId: user.id, scope: 'user-read-recently-played' });
      const agoMs = inShare(i, PLAYING_SHARE) ? 60_000 : 3 * HOUR_S * 1000;
      spotify.addPlay(user.id, {
        trackId: tracks[i % tracks.length]!,
        playedAt: new Date(Date.now() - agoMs).toISOString(),
      });
      spotifyRows[0]!.push(randomUUID());
      spotifyRows[1]!.push(user.id);
      spotifyRows[2]!.push(encrypt(key, token.access_token));
      spotifyRows[3]!.push(encrypt(key, token.refresh_token as string));
    }
    await db.query(
      `INSERT INTO listeners (id, spotify_user_id, access_token_enc, refresh_token_enc, token_expires_at, consented_at,
                              next_poll_at, cursor_ms)
       SELECT id, u, a, r, now() + interval '1 hour', now(), now() + interval '1 day', $5
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS x(id, u, a, r)`,
      [...spotifyRows, String(Date.now() - 4 * HOUR_S * 1000)],
    );

    // Last.fm and ListenBrainz: a user each with a session key or token and one play half an hour ago;
    // inside an attribution window or not through the listener's newest click.
    const halfHourAgo = Date.now() - 30 * 60_000;
    for (const kind of ['lastfm', 'listenbrainz'] as const) {
      const ids: string[] = [];
      const names: string[] = [];
      const credentials: string[] = [];
      const clickAgeS: number[] = [];
      for (let i = 0; i < LISTENERS; i++) {
        const name = `b${kind === 'lastfm' ? 'f' : 'b'}${i}`;
        let credential: string;
        if (kind === 'lastfm') {
          lastfm.createUser({ userName: name });
          lastfm.addScrobble(name, { artistName: 'Bench', trackName: `T${i}`, timestamp: halfHourAgo });
          credential = lastfm.state.openSession(DEFAULT_LASTFM_APP.apiKey, name).key;
        } else {
          credential = listenbrainz.createUser({ userName: name }).token;
          listenbrainz.addListen(name, { artistName: 'Bench', trackName: `T${i}`, listenedAt: halfHourAgo });
        }
        ids.push(randomUUID());
        names.push(name);
        credentials.push(encrypt(key, credential));
        clickAgeS.push(inShare(i, IN_WINDOW_SHARE) ? 3600 + (i % 20) * 86_400 : 40 * 86_400);
      }
      await db.query(`INSERT INTO listeners (id, consented_at) SELECT id, now() FROM unnest($1::uuid[]) id`, [
        ids,
      ]);
      await db.query(
        `INSERT INTO listening_sources (listener_id, kind, account_name, credential_enc, status, cursor_ms, next_poll_at,
                                        error_count, connected_at)
         SELECT id, $4, n, c, 'active', $5, now() + interval '1 day', 0, now() - interval '40 days'
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(id, n, c)`,
        [ids, names, credentials, kind, String(halfHourAgo - 3600_000)],
      );
      await db.query(
        `INSERT INTO clicks (id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, is_bot, is_head, is_first_visit, listener_id)
         SELECT gen_random_uuid(), l.id, l.campaign_id, now() - make_interval(secs => x.age), gen_random_uuid(), 'h',
                false, false, true, x.id
           FROM tracker_links l, unnest($1::uuid[], $2::float8[]) AS x(id, age)`,
        [ids, clickAgeS],
      );
    }
    process.stderr.write(
      `sources set-up: ${LISTENERS} listeners per source in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    for (const sandbox of [lastfm, listenbrainz]) sandbox.addFault({ scope: 'global', delayMs: LATENCY_MS });
    spotify.addFault({ scope: 'global', delayMs: LATENCY_MS, path: '/v1/me/player/recently-played' });

    const sandboxes = {
      spotify: {
        clear: () => spotify.clearCalls(),
        count: () => {
          const calls = spotify.calls().filter((c) => c.path === '/v1/me/player/recently-played');
          return { requests: calls.length, rateLimited: calls.filter((c) => c.status === 429).length };
        },
      },
      lastfm: {
        clear: () => lastfm.clearCalls(),
        count: () => {
          const calls = lastfm.calls().filter((c) => c.query['method'] === 'user.getRecentTracks');
          return { requests: calls.length, rateLimited: calls.filter((c) => c.error === 29).length };
        },
      },
      listenbrainz: {
        clear: () => listenbrainz.clearCalls(),
        count: () => {
          const calls = listenbrainz.calls().filter((c) => c.path.endsWith('/listens'));
          return { requests: calls.length, rateLimited: calls.filter((c) => c.status === 429).length };
        },
      },
    };
    const phases: Phase[] = [];
    for (const kind of ['spotify', 'lastfm', 'listenbrainz'] as const) {
      const sandbox = sandboxes[kind];
      sandbox.clear();
      const t0 = new Date();
      await db.query(dueNow(kind));
      await new Promise((resolve) => setTimeout(resolve, WINDOW_S * 1000));
      const { requests, rateLimited } = sandbox.count();
      const seconds = (Date.now() - t0.getTime()) / 1000;
      const [{ polls }] = (await db.query(polledSince(kind), [t0])).rows as Array<{ polls: number }>;
      // The rest of this source's listeners leave the queue; the polls in flight finish.
      await db.query(notDue(kind));
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      const groups = (await db.query(schedule(kind), [t0])).rows as Array<{
        often: boolean;
        per_hour: number;
      }>;
      const group = (often: boolean) => groups.find((g) => g.often === often);
      const share = kind === 'spotify' ? PLAYING_SHARE : IN_WINDOW_SHARE;
      const oftenCount = Array.from({ length: LISTENERS }, (_, i) => inShare(i, share)).filter(
        Boolean,
      ).length;
      phases.push({
        kind,
        seconds,
        requests,
        rateLimited,
        polls: polls!,
        often: { count: oftenCount, perHour: group(true)?.per_hour ?? Number.NaN },
        rarely: { count: LISTENERS - oftenCount, perHour: group(false)?.per_hour ?? Number.NaN },
      });
    }
    // Both sources due at once in the one worker: they share its POLL_CONCURRENCY slots.
    sandboxes.lastfm.clear();
    sandboxes.listenbrainz.clear();
    const t0 = Date.now();
    await db.query(`UPDATE listening_sources SET next_poll_at = now()`);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_S * 1000));
    const together = {
      seconds: (Date.now() - t0) / 1000,
      lastfm: sandboxes.lastfm.count().requests,
      listenbrainz: sandboxes.listenbrainz.count().requests,
    };
    process.stdout.write(
      `${report(phases)}\n\nLast.fm and ListenBrainz due at once in one worker (${WINDOW_S} s): Last.fm ${(together.lastfm / together.seconds).toFixed(2)} requests/s, ListenBrainz ${(together.listenbrainz / together.seconds).toFixed(2)} requests/s\n`,
    );
  } finally {
    await db.end().catch(() => undefined);
    await worker?.stop();
    await Promise.all([spotify.close(), lastfm.close(), listenbrainz.close()]);
    await database.stop();
  }
}

/** An owner, an active playlist campaign and its link `bench`, straight in SQL. */
export async function seedCampaign(db: Client): Promise<void> {
  await db.query(
    `INSERT INTO owners (email, password_hash, display_name) VALUES ('bench@example.test', 'x', 'Bench')`,
  );
  await db.query(`INSERT INTO campaigns (owner_id, name, destination_input, destination_type, destination_id, resolution_state, status)
                  SELECT id, 'Bench', 'spotify:playlist:BenchPlaylist000000001', 'playlist', 'BenchPlaylist000000001', 'resolved', 'active' FROM owners`);
  await db.query(
    `INSERT INTO tracker_links (campaign_id, owner_id, slug, label) SELECT id, owner_id, 'bench', 'Bench' FROM campaigns`,
  );
}

const dueNow = (kind: Kind) =>
  kind === 'spotify'
    ? `UPDATE listeners SET next_poll_at = now() WHERE refresh_token_enc IS NOT NULL`
    : `UPDATE listening_sources SET next_poll_at = now() WHERE kind = '${kind}'`;

const notDue = (kind: Kind) =>
  kind === 'spotify'
    ? `UPDATE listeners SET next_poll_at = now() + interval '1 day' WHERE refresh_token_enc IS NOT NULL AND last_polled_at IS NULL`
    : `UPDATE listening_sources SET next_poll_at = now() + interval '1 day' WHERE kind = '${kind}' AND last_polled_at IS NULL`;

const polledSince = (kind: Kind) =>
  kind === 'spotify'
    ? `SELECT count(*)::int AS polls FROM listeners WHERE last_polled_at >= $1 AND refresh_token_enc IS NOT NULL`
    : `SELECT count(*)::int AS polls FROM listening_sources WHERE kind = '${kind}' AND last_polled_at >= $1`;

/**
 * The schedule the poller wrote for the listeners it polled since $1: requests per hour (3600 / the interval it
 * chose), for the listeners it should poll often (Spotify: a play in the last 8 minutes; the sources: a click
 * in the last 28 days) and the others.
 */
const schedule = (kind: Kind) =>
  kind === 'spotify'
    ? `SELECT (last_play_at > last_polled_at - interval '8 minutes') AS often,
              avg(3600 / extract(epoch FROM next_poll_at - last_polled_at))::float8 AS per_hour
         FROM listeners WHERE last_polled_at >= $1 AND refresh_token_enc IS NOT NULL GROUP BY 1`
    : `SELECT (SELECT max(k.clicked_at) FROM clicks k WHERE k.listener_id = s.listener_id) > now() - interval '28 days' AS often,
              avg(3600 / extract(epoch FROM s.next_poll_at - s.last_polled_at))::float8 AS per_hour
         FROM listening_sources s WHERE s.kind = '${kind}' AND s.last_polled_at >= $1 GROUP BY 1`;

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const duration = (s: number) => (s < 120 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);

/**
 * When the schedule asks more polls than the limit allows, the due queue (claimed oldest due first) grows until
 * every poll waits W seconds past its due time, where often/(I_often + W) + rarely/(I_rarely + W) = polls/s:
 * W found by bisection from the measured rate and intervals (0 when the schedule is kept).
 */
function backlogWaitS(p: Phase, pollsPerS: number): number {
  const rate = (w: number) =>
    p.often.count / (HOUR_S / p.often.perHour + w) + p.rarely.count / (HOUR_S / p.rarely.perHour + w);
  if (!(rate(0) > pollsPerS)) return 0;
  let [lo, hi] = [0, 1e7];
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (rate(mid) > pollsPerS) lo = mid;
    else hi = mid;
  }
  return hi;
}

function report(phases: Phase[]): string {
  const label: Record<Kind, string> = { spotify: 'Spotify', lastfm: 'Last.fm', listenbrainz: 'ListenBrainz' };
  const lines = [
    `Per source: ${LISTENERS} listeners each, one worker with the default intervals (Spotify: POLL_ACTIVE_INTERVAL_S 120 s, POLL_MAX_INTERVAL_S 1200 s; Last.fm and ListenBrainz: SOURCE_POLL_ACTIVE_INTERVAL_S 600 s, SOURCE_POLL_IDLE_INTERVAL_S 21600 s), every listener due at once, measured for ${WINDOW_S} s, the services answering in ${LATENCY_MS} ms;`,
    `often-polled share: ${IN_WINDOW_SHARE * 100} % of Last.fm/ListenBrainz listeners inside an attribution window, ${PLAYING_SHARE * 100} % of Spotify listeners playing now.`,
    `The cycle is derived: listeners / measured polls per second (a cycle polls every listener once).`,
  ];
  for (const p of phases) {
    const requestsPerS = p.requests / p.seconds;
    const pollsPerS = p.polls / p.seconds;
    const perPoll = p.requests / Math.max(1, p.polls);
    const cycleS = LISTENERS / pollsPerS;
    const scheduleHour = p.often.count * p.often.perHour + p.rarely.count * p.rarely.perHour;
    const fastHour = (LISTENERS * HOUR_S) / ACTIVE_INTERVAL_S[p.kind];
    const demandPerS = (scheduleHour * perPoll) / HOUR_S;
    const followable = (requestsPerS / demandPerS) * LISTENERS;
    const wait = backlogWaitS(p, pollsPerS);
    lines.push(
      '',
      `${label[p.kind]} — limit: ${LIMITS[p.kind].text}`,
      `  measured: ${p.requests} requests in ${p.seconds.toFixed(1)} s = ${requestsPerS.toFixed(2)} requests/s, ${p.polls} polls (${perPoll.toFixed(2)} requests per poll), ${p.rateLimited} answered "rate limited"`,
      `  derived cycle for ${n(LISTENERS)} listeners: ${duration(cycleS)} at the measured rate (${duration(LISTENERS / LIMITS[p.kind].perS)} at ${LIMITS[p.kind].perS}/s, the limit's ceiling)`,
      `  schedule (from the poller's next_poll_at): often ${p.often.perHour.toFixed(1)} polls/h each (${n(p.often.count)} listeners), rarely ${p.rarely.perHour.toFixed(1)} polls/h each (${n(p.rarely.count)})`,
      `  requests: ${n(scheduleHour * perPoll)}/h = ${n(scheduleHour * perPoll * 24)}/day with the schedule vs ${n(fastHour * perPoll)}/h = ${n(fastHour * perPoll * 24)}/day everyone every ${ACTIVE_INTERVAL_S[p.kind]} s: saves ${((1 - scheduleHour / fastHour) * 100).toFixed(0)} % (ratio ${(fastHour / scheduleHour).toFixed(1)}×)`,
      `  the schedule asks ${demandPerS.toFixed(2)} requests/s for ${n(LISTENERS)} listeners; at the measured ${requestsPerS.toFixed(2)}/s it is kept for ${n(followable)} listeners` +
        (wait > 0
          ? `; with ${n(LISTENERS)} the due queue (oldest due first) makes every poll wait ${duration(wait)}: often-polled listeners polled every ${duration(HOUR_S / p.often.perHour + wait)}, the others every ${duration(HOUR_S / p.rarely.perHour + wait)}`
          : ''),
    );
  }
  return lines.join('\n');
}
