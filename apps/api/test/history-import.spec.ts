import { strToU8, zipSync } from 'fflate';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import request from 'supertest';
import { SecretsService } from '../src/common/security/secrets.service';
import { AttributionService } from '../src/modules/attribution/attribution.service';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { signListenerCookie } from '../src/modules/listener/listener-cookie';
import { PollingKit, waitFor } from './polling-kit';
import { click, connectOwnerSpotify, createCampaign, createLink, demoPlaylist } from './support/campaigns';
import { registerOwner } from './support/owners';
import { sandboxUrl } from './support/sandbox';
import { startTestServer, TestServer } from './support/test-server';

/**
 * Importing Spotify's extended streaming history over HTTP, on the real database: JSON and ZIP uploads,
 * validation naming the file and entry, idempotence, limits, what is skipped, attribution, privacy.
 */

const LIMIT = 256 * 1024;
const HOUR = 3_600_000;
const UNKNOWN = 'UnknownTrackAAAAAAAAAA';
const PATH = '/api/v1/listeners/me/imports';

interface Who {
  listenerId: string;
  cookie: string;
}

function entry(trackId: string | null, end: Date, msPlayed: number, over: Record<string, unknown> = {}) {
  return {
    ts: end.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    platform: 'android',
    ms_played: msPlayed,
    conn_country: 'DE',
    ip_addr: '192.0.2.1',
    master_metadata_track_name: trackId ? `Song ${trackId.slice(0, 4)}` : null,
    master_metadata_album_artist_name: trackId ? 'Ada Moreno' : null,
    master_metadata_album_album_name: trackId ? 'First Light' : null,
    spotify_track_uri: trackId ? `spotify:track:${trackId}` : null,
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
    ...over,
  };
}

const podcast = (end: Date) =>
  entry(null, end, 600_000, {
    episode_name: 'Episode 12',
    episode_show_name: 'A Show',
    spotify_episode_uri: 'spotify:episode:5Xt5DXGzch68nYYamXrNxZ',
  });

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('streaming-history import', () => {
  let server: TestServer;
  let db: Client;
  let kit: PollingKit;
  let ada: Who;
  let benji: Who;
  let clickAt: Date;
  let playlistTracks: string[];

  const upload = (who: Who, body: Buffer, type: string, filename?: string) =>
    request(server.url)
      .post(filename ? `${PATH}?filename=${encodeURIComponent(filename)}` : PATH)
      .set('Cookie', `sl_listener=${who.cookie}`)
      .set('X-Requested-With', 'soundlink')
      .set('Content-Type', type)
      // superagent would serialise a Buffer as JSON: JSON goes as the text it is.
      .send(type === 'application/json' ? body.toString('utf8') : body);

  const job = (who: Who, id: string) =>
    request(server.url).get(`${PATH}/${id}`).set('Cookie', `sl_listener=${who.cookie}`);

  const finished = (who: Who, id: string) =>
    waitFor(
      async () => {
        const res = await job(who, id).expect(200);
        return res.body.status === 'running' || res.body.status === 'queued'
          ? undefined
          : (res.body as Record<string, unknown>);
      },
      20_000,
      'the import to finish',
    );

  const playsOf = async (listenerId: string) =>
    (
      await db.query(
        `SELECT id::text, played_at, track_id, source, ms_played FROM plays WHERE listener_id = $1 ORDER BY played_at`,
        [listenerId],
      )
    ).rows as Array<{
      id: string;
      played_at: Date;
      track_id: string;
      source: string;
      ms_played: number | null;
    }>;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api', IMPORT_MAX_BYTES: String(LIMIT) });
    db = new Client({ connectionString: server.database.url });
    await db.connect();
    kit = new PollingKit(server.app, sandboxUrl(server.url));
    const secret = server.app.get(SecretsService).sessionSecret;
    const a = await kit.createListener('Ada Import');
    const b = await kit.createListener('Benji Import');
    ada = { listenerId: a.listenerId, cookie: signListenerCookie(a.listenerId, secret) };
    benji = { listenerId: b.listenerId, cookie: signListenerCookie(b.listenerId, secret) };

    const owner = await registerOwner(server.url);
    const catalog = await connectOwnerSpotify(server.url, owner, 'Nightjar Records');
    const playlist = demoPlaylist(catalog);
    playlistTracks = playlist.trackIds;
    const campaign = (
      await createCampaign(owner, {
        name: 'Import push',
        destination: `spotify:playlist:${playlist.id}`,
      }).expect(201)
    ).body as { id: string };
    await createLink(owner, campaign.id, { label: 'Newsletter', slug: 'import-nl' }).expect(201);
    const visitor = '33333333-3333-4333-8333-333333333333';
    await click(server.url, '/l/import-nl', { Cookie: `sl_vid=${visitor}` }).expect(302);
    await server.app.get(ClickBuffer).flush();
    clickAt = new Date(Math.floor((Date.now() - 10 * HOUR) / 1000) * 1000);
    await db.query('UPDATE clicks SET listener_id = $1, clicked_at = $2 WHERE visitor_id = $3', [
      ada.listenerId,
      clickAt,
      visitor,
    ]);
    // The click (and the campaign's track set) ten hours back, so plays can follow it without being in the future.
    await db.query(`UPDATE campaign_tracks SET added_at = added_at - interval '30 days'`);
  });

  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });

  it('imports a JSON file: plays at ts − ms_played, podcasts skipped, short plays dropped, all counted', async () => {
    const [x] = playlistTracks as [string];
    const end1 = new Date(clickAt.getTime() - 30 * HOUR);
    const end2 = new Date(clickAt.getTime() - 29 * HOUR);
    const history = [
      entry(x, end1, 200_000),
      podcast(new Date(clickAt.getTime() - 28 * HOUR)),
      entry(UNKNOWN, end2, 45_000),
      entry(UNKNOWN, new Date(clickAt.getTime() - 27 * HOUR), 29_999),
      entry(x, end1, 200_000),
      entry(null, new Date(clickAt.getTime() - 26 * HOUR), 100_000),
    ];
    const res = await upload(
      ada,
      json(history),
      'application/json',
      'Streaming_History_Audio_2024_0.json',
    ).expect(202);
    expect(res.body).toMatchObject({
      status: expect.stringMatching(/^(queued|running|completed)$/) as string,
      fileNames: ['Streaming_History_Audio_2024_0.json'],
      counts: {
        entries: 6,
        // The repeated instant is a play to write; the database finds it already there (a duplicate).
        playsTotal: 3,
        podcastsSkipped: 1,
        shortPlaysSkipped: 1,
        otherSkipped: 1,
        duplicates: 0,
      },
    });
    const done = await finished(ada, res.body.id as string);
    expect(done).toMatchObject({
      status: 'completed',
      progress: 1,
      error: null,
      counts: { playsTotal: 3, playsProcessed: 3, imported: 2, duplicates: 1 },
    });
    const plays = await playsOf(ada.listenerId);
    expect(plays.map((p) => [p.played_at.toISOString(), p.track_id, p.source, p.ms_played])).toEqual([
      [new Date(end1.getTime() - 200_000).toISOString(), x, 'import', 200_000],
      [new Date(end2.getTime() - 45_000).toISOString(), UNKNOWN, 'import', 45_000],
    ]);
    const { rows } = await db.query('SELECT * FROM tracks WHERE id = $1', [UNKNOWN]);
    expect(rows[0]).toMatchObject({
      name: 'Song Unkn',
      artist_names: ['Ada Moreno'],
      artist_ids: [],
      album_name: 'First Light',
      album_id: null,
    });
  });

  it('imports the ZIP of the export, reading only its audio history files', async () => {
    const [, y, z] = playlistTracks as [string, string, string];
    const zip = zipSync({
      'Spotify Extended Streaming History/Streaming_History_Audio_2023_0.json': strToU8(
        JSON.stringify([entry(z, new Date(clickAt.getTime() - 50 * HOUR), 180_000)]),
      ),
      'Spotify Extended Streaming History/Streaming_History_Audio_2024_1.json': strToU8(
        JSON.stringify([
          // After the click, in the window: imported plays still never count for the campaign.
          entry(y, new Date(clickAt.getTime() + HOUR), 150_000),
          podcast(new Date(clickAt.getTime() + 2 * HOUR)),
        ]),
      ),
      'Spotify Extended Streaming History/Streaming_History_Video_2024.json': strToU8('[]'),
      'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf': strToU8('%PDF-1.4'),
    });
    const res = await upload(ada, Buffer.from(zip), 'application/zip').expect(202);
    expect(res.body.fileNames).toEqual([
      'Streaming_History_Audio_2023_0.json',
      'Streaming_History_Audio_2024_1.json',
    ]);
    expect(res.body.uploadBytes).toBe(zip.length);
    const done = await finished(ada, res.body.id as string);
    expect(done).toMatchObject({
      status: 'completed',
      counts: { entries: 3, playsTotal: 2, imported: 2, podcastsSkipped: 1, duplicates: 0 },
    });
    expect((await playsOf(ada.listenerId)).filter((p) => p.source === 'import')).toHaveLength(4);
  });

  it('reads a large upload arriving in many chunks, and writes it in batches', async () => {
    // 2,500 plays of 3 minutes, two days apart from everything else; about 1 MB of JSON in a ZIP of ~45 KB.
    const start = clickAt.getTime() - 400 * 24 * HOUR;
    const history = Array.from({ length: 2_500 }, (_, i) =>
      entry(playlistTracks[i % playlistTracks.length] as string, new Date(start + i * 200_000), 180_000, {
        ip_addr: randomBytes(12).toString('hex'),
      }),
    );
    const zip = Buffer.from(
      zipSync({ 'Streaming_History_Audio_2019_0.json': strToU8(JSON.stringify(history)) }),
    );
    expect(zip.length).toBeGreaterThan(32 * 1024);
    const res = await upload(ada, zip, 'application/zip').expect(202);
    expect(res.body.counts).toMatchObject({ entries: 2_500, playsTotal: 2_500 });
    expect(await finished(ada, res.body.id as string)).toMatchObject({
      status: 'completed',
      progress: 1,
      counts: { playsProcessed: 2_500, imported: 2_500, duplicates: 0 },
    });
    // The same plays as JSON (over 256 KB would be refused: send the first 300).
    const again = await upload(ada, json(history.slice(0, 300)), 'application/json').expect(202);
    expect(await finished(ada, again.body.id as string)).toMatchObject({
      counts: { imported: 0, duplicates: 300 },
    });
    await db.query(`DELETE FROM plays WHERE listener_id = $1 AND played_at < $2`, [
      ada.listenerId,
      new Date(start + 2_500 * 200_000 + HOUR),
    ]);
  });

  it('changes nothing when the same history comes again, and recognises plays already read from Spotify', async () => {
    const w = playlistTracks[3] as string;
    // Polling stored this play (Spotify's played_at is near the end of playback); the history has it too.
    const polledAt = new Date(clickAt.getTime() - 40 * HOUR);
    await db.query(
      `INSERT INTO plays (listener_id, played_at, track_id, source) VALUES ($1, $2, $3, 'poll')`,
      [ada.listenerId, polledAt, w],
    );
    const history = json([
      entry(w, new Date(polledAt.getTime() + 5_000), 180_000),
      entry(playlistTracks[0] as string, new Date(clickAt.getTime() - 30 * HOUR), 200_000),
    ]);
    const before = await playsOf(ada.listenerId);
    const first = await upload(ada, history, 'application/json').expect(202);
    expect(await finished(ada, first.body.id as string)).toMatchObject({
      status: 'completed',
      counts: { playsTotal: 2, imported: 0, duplicates: 2 },
    });
    const again = await upload(ada, history, 'application/json').expect(202);
    expect(await finished(ada, again.body.id as string)).toMatchObject({
      counts: { imported: 0, duplicates: 2 },
    });
    expect(await playsOf(ada.listenerId)).toEqual(before);
  });

  it('creates no attributions from imported plays, but counts them as the listener’s baseline', async () => {
    const attribution = server.app.get(AttributionService);
    const imported = (await playsOf(ada.listenerId)).filter((p) => p.source === 'import');
    expect(await attribution.attributePlays(imported.map((p) => p.id))).toEqual({
      plays: imported.length,
      attributions: 0,
    });
    await attribution.sweep(0);
    expect(Number((await db.query('SELECT count(*) FROM attributions')).rows[0].count)).toBe(0);

    // Polled plays after the click: x was in the imported history before the click, v never was.
    const [x] = playlistTracks as [string];
    const v = playlistTracks[4] as string;
    const ids: string[] = [];
    for (const [trackId, offset] of [
      [x, 3 * HOUR],
      [v, 4 * HOUR],
    ] as const) {
      const { rows } = await db.query(
        `INSERT INTO plays (listener_id, played_at, track_id, source) VALUES ($1, $2, $3, 'poll') RETURNING id::text`,
        [ada.listenerId, new Date(clickAt.getTime() + offset), trackId],
      );
      ids.push(rows[0].id as string);
    }
    await attribution.attributePlays(ids);
    const { rows } = await db.query(
      'SELECT track_id, reasons FROM attributions WHERE listener_id = $1 ORDER BY played_at',
      [ada.listenerId],
    );
    expect(rows).toEqual([
      { track_id: x, reasons: expect.arrayContaining(['BASELINE_REPEAT']) as string[] },
      { track_id: v, reasons: expect.arrayContaining(['NEW_REACH']) as string[] },
    ]);
  });

  it('refuses a malformed history with 422 naming the file and the entry, and stores nothing', async () => {
    const before = await playsOf(ada.listenerId);
    const jobs = Number((await db.query('SELECT count(*) FROM listening_history_imports')).rows[0].count);
    const good = entry(UNKNOWN, new Date(clickAt.getTime() - 60 * HOUR), 100_000);
    const badField = await upload(
      ada,
      json([good, good, { ...good, ms_played: 'three minutes' }]),
      'application/json',
      'Streaming_History_Audio_2022_3.json',
    ).expect(422);
    expect(badField.body).toMatchObject({
      error: 'HistoryInvalid',
      details: [
        { field: 'Streaming_History_Audio_2022_3.json[2].ms_played', reason: expect.any(String) as string },
      ],
    });
    expect(badField.body.message).toMatch(/Streaming_History_Audio_2022_3\.json, entry 2: ms_played/);

    const badSyntax = await upload(
      ada,
      Buffer.from(`[${JSON.stringify(good)}, {"ts": "2024-01-01T00:00:00Z", "ms_played": 40000,, }]`),
      'application/json',
    ).expect(422);
    expect(badSyntax.body.details[0].field).toBe('upload.json[1]');
    expect(badSyntax.body.message).toMatch(/not valid JSON/);

    const zip = zipSync({
      'Streaming_History_Audio_2023_0.json': strToU8(JSON.stringify([good])),
      'Streaming_History_Audio_2024_1.json': strToU8(
        JSON.stringify([good, good, good, { ...good, spotify_track_uri: 'spotify:album:nope' }]),
      ),
    });
    const badZip = await upload(ada, Buffer.from(zip), 'application/zip', 'my_spotify_data.zip').expect(422);
    expect(badZip.body.details[0].field).toBe('Streaming_History_Audio_2024_1.json[3].spotify_track_uri');

    const notHistory = await upload(
      ada,
      Buffer.from(zipSync({ 'notes.txt': strToU8('hi') })),
      'application/zip',
    );
    expect(notHistory.status).toBe(422);
    expect(notHistory.body.message).toMatch(/Streaming_History_Audio/);

    expect(await playsOf(ada.listenerId)).toEqual(before);
    expect(Number((await db.query('SELECT count(*) FROM listening_history_imports')).rows[0].count)).toBe(
      jobs,
    );
  });

  it('refuses an upload over IMPORT_MAX_BYTES with 413 saying the limit', async () => {
    const big = Buffer.alloc(LIMIT + 1, 0x20);
    big[0] = 0x5b;
    const res = await upload(ada, big, 'application/json').expect(413);
    expect(res.body.error).toBe('PayloadTooLarge');
    expect(res.body.message).toMatch(/import limit of 256 KB \(262144 bytes\)/);

    // Without a Content-Length (streamed): counted as it arrives.
    const chunks = [Buffer.from('['), ...Array.from({ length: 40 }, () => Buffer.alloc(8192, 0x20))];
    const streamed = await fetch(`${server.url}${PATH}`, {
      method: 'POST',
      headers: {
        cookie: `sl_listener=${ada.cookie}`,
        'x-requested-with': 'soundlink',
        'content-type': 'application/json',
      },
      body: Readable.toWeb(Readable.from(chunks)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('refuses other content types, and a second import while one is running', async () => {
    const text = await upload(ada, Buffer.from('hello'), 'text/plain').expect(415);
    expect(text.body.error).toBe('UnsupportedMediaType');

    const { rows } = await db.query(
      `INSERT INTO listening_history_imports (listener_id, status, plays_total) VALUES ($1, 'running', 10) RETURNING id`,
      [benji.listenerId],
    );
    const busy = await upload(benji, json([]), 'application/json').expect(409);
    expect(busy.body.error).toBe('HistoryImportInProgress');
    // A running import whose process stopped long ago is reported failed, and no longer blocks.
    await db.query(
      `UPDATE listening_history_imports SET updated_at = now() - interval '1 hour' WHERE id = $1`,
      [rows[0].id],
    );
    expect((await job(benji, rows[0].id as string).expect(200)).body).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/cut off/) as string,
    });
    const empty = await upload(benji, json([]), 'application/json').expect(202);
    expect(empty.body).toMatchObject({
      status: 'completed',
      progress: 1,
      counts: { entries: 0, playsTotal: 0 },
    });
  });

  it('shows a listener only their own imports', async () => {
    const mine = await request(server.url).get(PATH).set('Cookie', `sl_listener=${ada.cookie}`).expect(200);
    expect(mine.body.length).toBeGreaterThanOrEqual(4);
    const adaJob = mine.body[0].id as string;
    const other = await job(benji, adaJob).expect(404);
    expect(other.body.error).toBe('NotFound');
    await job(benji, 'not-a-uuid').expect(404);
    const theirs = await request(server.url)
      .get(PATH)
      .set('Cookie', `sl_listener=${benji.cookie}`)
      .expect(200);
    expect(theirs.body.every((j: { id: string }) => j.id !== adaJob)).toBe(true);
    await request(server.url).get(`${PATH}/${adaJob}`).expect(401);
    await request(server.url)
      .post(PATH)
      .set('Cookie', `sl_listener=${ada.cookie}`)
      .set('Content-Type', 'application/json')
      .send('[]')
      .expect(403);
  });

  it('erases imported plays and import jobs with the listener', async () => {
    await request(server.url)
      .delete('/api/v1/listeners/me')
      .set('Cookie', `sl_listener=${ada.cookie}`)
      .set('X-Requested-With', 'soundlink')
      .expect(204);
    expect(await playsOf(ada.listenerId)).toEqual([]);
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM listening_history_imports WHERE listener_id = $1',
      [ada.listenerId],
    );
    expect(rows[0].n).toBe(0);
  });
  it('files a history reaching back years under partitions of its years, leaving nothing in DEFAULT', async () => {
    const [x] = playlistTracks as [string];
    const recent = new Date(Date.now() - 60 * 24 * HOUR);
    const history = [
      entry(x, new Date('2013-04-05T06:07:08Z'), 200_000),
      entry(x, new Date('2014-11-12T13:14:15Z'), 200_000),
      entry(x, recent, 200_000),
    ];
    const res = await upload(
      benji,
      json(history),
      'application/json',
      'Streaming_History_Audio_2013_0.json',
    ).expect(202);
    expect(await finished(benji, res.body.id as string)).toMatchObject({
      status: 'completed',
      counts: { imported: 3 },
    });
    const { rows } = await db.query(
      `SELECT tableoid::regclass::text AS partition FROM plays WHERE listener_id = $1 ORDER BY played_at`,
      [benji.listenerId],
    );
    const started = new Date(recent.getTime() - 200_000);
    const month = `plays_y${started.getUTCFullYear()}m${String(started.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(rows.map((r: { partition: string }) => r.partition)).toEqual([
      'plays_y2013',
      'plays_y2014',
      month,
    ]);
  });
});
