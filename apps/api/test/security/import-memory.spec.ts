import { Client } from 'pg';
import request from 'supertest';
import { SecretsService } from '../../src/common/security/secrets.service';
import { IMPORT_QUEUE_MAX } from '../../src/modules/insights/history-import.service';
import { signListenerCookie } from '../../src/modules/listener/listener-cookie';
import { PollingKit, waitFor } from '../polling-kit';
import { sandboxUrl } from '../support/sandbox';
import { startTestServer, TestServer } from '../support/test-server';

/**
 * Streaming-history imports cannot exhaust the server's memory (issue 15, finding 4): at most
 * IMPORTS_CONCURRENCY imports are written at a time, the rest wait in a queue (status `queued`, with their
 * position); an import reads its spooled upload batch by batch, never ahead of what it has written, and
 * leaves repeated instants to the database's uniqueness instead of a set in memory. The memory figure itself
 * (RSS growth during a 1 GiB import) is measured by `npm run bench:import` (bench/RESULTS.md).
 *
 * To see an import while it runs, without timing anything, the test holds a SHARE lock on `tracks`: the
 * import's first batch (which upserts its tracks) waits on it, and goes on once the lock is released.
 */

const PATH = '/api/v1/listeners/me/imports';
const PLAYS = 50_000;
/** Every REPEAT-th entry repeats the instant of the one before it. */
const REPEAT = 50;
const TRACKS = 400;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

interface Who {
  listenerId: string;
  cookie: string;
}

interface Job {
  id: string;
  status: string;
  queuePosition: number | null;
  bytesProcessed: number | null;
  uploadBytes: number;
  counts: { playsTotal: number; playsProcessed: number; imported: number; duplicates: number };
}

const trackId = (n: number) => {
  let id = '';
  for (let i = 0, v = n + 1; i < 22; i++, v = Math.floor(v / 62)) id += BASE62[v % 62];
  return id;
};

/** A history in Spotify's format: `plays` entries 4 minutes apart, every REPEAT-th one repeating an instant. */
function history(plays: number, from = Date.UTC(2019, 0, 1)): { body: string; distinct: number } {
  const parts: string[] = [];
  let distinct = 0;
  let end = from;
  for (let i = 0; i < plays; i++) {
    if (i % REPEAT !== REPEAT - 1) {
      end += 240_000;
      distinct++;
    }
    const track = trackId(i % TRACKS);
    parts.push(
      JSON.stringify({
        ts: new Date(end).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        username: 'listener',
        platform: 'Android OS 14 API 34 (Google, Pixel 8)',
        ms_played: 200_000,
        conn_country: 'DE',
        ip_addr: '192.0.2.1',
        user_agent_decrypted: 'unknown',
        master_metadata_track_name: `Song ${track.slice(0, 6)}`,
        master_metadata_album_artist_name: 'Ada Moreno',
        master_metadata_album_album_name: 'First Light',
        spotify_track_uri: `spotify:track:${track}`,
        episode_name: null,
        episode_show_name: null,
        spotify_episode_uri: null,
        reason_start: 'trackdone',
        reason_end: 'trackdone',
        shuffle: false,
        skipped: false,
        offline: false,
        offline_timestamp: null,
        incognito_mode: false,
      }),
    );
  }
  return { body: `[\n${parts.join(',\n')}\n]`, distinct };
}

describe('security: history imports and memory', () => {
  let server: TestServer;
  let db: Client;
  let locker: Client;
  let kit: PollingKit;
  const who: Who[] = [];
  const big = history(PLAYS);

  const upload = (listener: Who, body: string) =>
    request(server.url)
      .post(`${PATH}?filename=Streaming_History_Audio_2019-2024_0.json`)
      .set('Cookie', `sl_listener=${listener.cookie}`)
      .set('X-Requested-With', 'soundlink')
      .set('Content-Type', 'application/json')
      .send(body);

  const job = async (listener: Who, id: string) =>
    (
      await request(server.url)
        .get(`${PATH}/${id}`)
        .set('Cookie', `sl_listener=${listener.cookie}`)
        .expect(200)
    ).body as Job;

  const finished = (listener: Who, id: string) =>
    waitFor(
      async () => {
        const j = await job(listener, id);
        return j.status === 'running' || j.status === 'queued' ? undefined : j;
      },
      120_000,
      'the import to finish',
    );

  const plays = async (listener: Who) =>
    (
      await db.query(
        `SELECT count(*)::int AS n, count(DISTINCT played_at)::int AS distinct FROM plays WHERE listener_id = $1`,
        [listener.listenerId],
      )
    ).rows[0] as { n: number; distinct: number };

  /** Holds the first batch of any import (it upserts tracks) until release(). */
  const holdImports = async () => {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE tracks IN SHARE MODE');
  };
  const release = () => locker.query('ROLLBACK');

  beforeAll(async () => {
    server = await startTestServer({
      SOUNDLINK_ROLE: 'api',
      IMPORTS_CONCURRENCY: '1',
      IMPORT_MAX_BYTES: String(64 * 1024 * 1024),
    });
    db = new Client({ connectionString: server.database.url });
    await db.connect();
    locker = new Client({ connectionString: server.database.url });
    await locker.connect();
    kit = new PollingKit(server.app, sandboxUrl(server.url));
    const secret = server.app.get(SecretsService).sessionSecret;
    for (const name of ['Ada', 'Benji', 'Chen', 'Dara']) {
      const l = await kit.createListener(`${name} Memory`);
      who.push({ listenerId: l.listenerId, cookie: signListenerCookie(l.listenerId, secret) });
    }
  }, 60_000);

  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    await locker?.end();
    await db?.end();
    await server?.stop();
  });

  it("attack: concurrent large imports exhaust the server's memory", async () => {
    const [ada, benji, chen] = who as [Who, Who, Who];
    await holdImports();
    try {
      const first = (await upload(ada, big.body).expect(202)).body as Job;
      const running = await waitFor(
        async () => {
          const j = await job(ada, first.id);
          return j.status === 'running' ? j : undefined;
        },
        20_000,
        'the first import to run',
      );

      // IMPORTS_CONCURRENCY is 1: the others wait, in order, and say where they are.
      const second = (await upload(benji, history(40, Date.UTC(2020, 0, 1)).body).expect(202)).body as Job;
      const third = (await upload(chen, history(30, Date.UTC(2021, 0, 1)).body).expect(202)).body as Job;
      expect(second).toMatchObject({ status: 'queued', queuePosition: 1, bytesProcessed: 0 });
      expect(third).toMatchObject({ status: 'queued', queuePosition: 2, bytesProcessed: 0 });
      expect(running.queuePosition).toBeNull();
      expect(await job(benji, second.id)).toMatchObject({ status: 'queued', queuePosition: 1 });
      expect((await job(chen, third.id)).counts.playsProcessed).toBe(0);
      // One import per listener, queued or running.
      await upload(ada, big.body).expect(409);
      await upload(benji, history(10).body).expect(409);
    } finally {
      await release();
    }

    const done = await Promise.all(
      [ada, benji, chen].map(async (listener) => {
        const [latest] = (
          await request(server.url).get(PATH).set('Cookie', `sl_listener=${listener.cookie}`).expect(200)
        ).body as Job[];
        return finished(listener, (latest as Job).id);
      }),
    );
    expect(done.map((j) => j.status)).toEqual(['completed', 'completed', 'completed']);
    expect(done[0]?.counts.imported).toBe(big.distinct);
    expect(done[1]?.counts).toMatchObject({ playsTotal: 40, imported: 40 - 0, duplicates: 0 });
    expect(done[2]?.counts).toMatchObject({ playsTotal: 30, imported: 30, duplicates: 0 });
    expect(await plays(benji)).toEqual({ n: 40, distinct: 40 });
  }, 240_000);

  it('attack: a huge history is held in memory whole until its last play is written', async () => {
    const dara = who[3] as Who;
    await holdImports();
    let started: Job;
    try {
      started = (await upload(dara, big.body).expect(202)).body as Job;
      // The first batch waits on the lock: the import has read its file only that far, and nothing further.
      const waiting = await waitFor(
        async () => {
          const j = await job(dara, started.id);
          return typeof j.bytesProcessed === 'number' && j.bytesProcessed > 0 ? j : undefined;
        },
        20_000,
        'the import to start reading its file',
      );
      expect(waiting.status).toBe('running');
      expect(waiting.uploadBytes).toBe(Buffer.byteLength(big.body));
      expect(waiting.bytesProcessed).toBeLessThan(waiting.uploadBytes / 10);
      expect(waiting.counts.playsProcessed).toBe(0);
      expect(await plays(dara)).toEqual({ n: 0, distinct: 0 });
    } finally {
      await release();
    }

    // Every play stored exactly once: repeated instants are skipped by the database, not by a set in memory.
    const done = await finished(dara, started.id);
    expect(done).toMatchObject({ status: 'completed', bytesProcessed: done.uploadBytes });
    expect(done.counts).toMatchObject({
      playsTotal: PLAYS,
      playsProcessed: PLAYS,
      imported: big.distinct,
      duplicates: PLAYS - big.distinct,
    });
    expect(await plays(dara)).toEqual({ n: big.distinct, distinct: big.distinct });

    // The same file again adds nothing.
    const again = (await upload(dara, big.body).expect(202)).body as Job;
    const redone = await finished(dara, again.id);
    expect(redone.counts).toMatchObject({ playsTotal: PLAYS, imported: 0, duplicates: PLAYS });
    expect(await plays(dara)).toEqual({ n: big.distinct, distinct: big.distinct });
  }, 240_000);

  it("attack: a flood of uploads fills the server's disk with waiting imports", async () => {
    const secret = server.app.get(SecretsService).sessionSecret;
    const crowd: Who[] = [];
    for (let i = 0; i < IMPORT_QUEUE_MAX + 2; i++) {
      const l = await kit.createListener(`Crowd ${i}`);
      crowd.push({ listenerId: l.listenerId, cookie: signListenerCookie(l.listenerId, secret) });
    }
    const small = history(5, Date.UTC(2022, 0, 1)).body;
    await holdImports();
    const ids: string[] = [];
    try {
      // One being written (held by the lock), then IMPORT_QUEUE_MAX waiting: each a spool file on disk.
      for (const listener of crowd.slice(0, IMPORT_QUEUE_MAX + 1)) {
        ids.push(((await upload(listener, small).expect(202)).body as Job).id);
      }
      const refused = await upload(crowd[IMPORT_QUEUE_MAX + 1] as Who, small).expect(503);
      expect(refused.body).toMatchObject({
        error: 'ServiceUnavailable',
        message: expect.stringMatching(/Too many history imports are waiting/) as string,
      });
      expect(await job(crowd[IMPORT_QUEUE_MAX] as Who, ids[IMPORT_QUEUE_MAX] as string)).toMatchObject({
        status: 'queued',
        queuePosition: IMPORT_QUEUE_MAX,
      });
    } finally {
      await release();
    }
    for (const [i, id] of ids.entries()) {
      expect((await finished(crowd[i] as Who, id)).status).toBe('completed');
    }
    // The queue drained: uploads are accepted again.
    const later = (await upload(crowd[IMPORT_QUEUE_MAX + 1] as Who, small).expect(202)).body as Job;
    expect((await finished(crowd[IMPORT_QUEUE_MAX + 1] as Who, later.id)).status).toBe('completed');
  }, 240_000);
});
