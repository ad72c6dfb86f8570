/**
 * npm run bench:import — how much memory a streaming-history import takes (issue 15, finding 4: RSS growth
 * during a 1 GiB import ≤ 150 MB).
 *
 * 1. Generates Spotify extended streaming histories as ZIPs on disk, streamed (fflate's Zip, never the whole
 *    file in memory): JSON arrays in the export's format (`Streaming_History_Audio_<years>_<n>.json`, about
 *    12 MB each, entries with the real fields, compact JSON: the most plays per byte), BENCH_IMPORT_MB (default 1000) MiB unzipped, and a baseline of
 *    a tenth of that.
 * 2. Starts the built product (dist/apps/api/main.js) on its own database (BENCH_DATABASE_URL's server, or
 *    the embedded PostgreSQL) with IMPORT_MAX_BYTES raised to 1 GiB (the ZIP is the upload), and connected
 *    listeners (rows + the signed sl_listener cookie).
 * 3. Uploads each ZIP through the real HTTP API (POST /api/v1/listeners/me/imports, streamed from disk) and
 *    polls the job until it completes, sampling the product process's RSS (/proc/<pid>/status VmRSS) every
 *    100 ms: baseline (just before the upload), peak, growth, rows imported, time. A warm-up import first
 *    (a quarter of the baseline: JIT, connections and the heap's first growth are not an import's cost),
 *    then the baseline run, then the large one, in the same process; the ratio of their growths shows growth
 *    does not follow size.
 * 4. Two concurrent uploads of the baseline file (two listeners): the second answers `queued` (position 1),
 *    and the peak growth stays that of one import.
 * 5. The JSON scanner the reader uses (hand-written cutting + JSON.parse per entry) against a library
 *    streaming parser (jsonparse) on the same 100 MiB of JSON, in this process: throughput.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Zip, ZipDeflate } from 'fflate';
import { Client } from 'pg';
import { signListenerCookie } from '../apps/api/src/modules/listener/listener-cookie';
import { JsonArrayScanner } from '../apps/api/src/modules/insights/json-array-scanner';
import { freePort, ROOT, startDatabase, waitHealthy } from './support';

const MiB = 1024 * 1024;
const LARGE_MB = Number(process.env['BENCH_IMPORT_MB'] ?? 1000);
const SMALL_MB = Math.max(1, Math.round(LARGE_MB / 10));
/** About the size of one file of a real export. */
const FILE_MB = 12;
const TRACKS = 20_000;
const SESSION_SECRET = randomBytes(32).toString('hex');
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const trackId = (n: number) => {
  let id = '';
  for (let i = 0, v = n * 7919 + 1; i < 22; i++, v = Math.floor(v / 62) + i * 31) id += BASE62[v % 62];
  return id;
};

/** One entry with the export's fields, compact (more entries per byte than the export's own layout). */
function entry(endMs: number, i: number): string {
  const t = (i * 2654435761) % TRACKS;
  const id = trackId(t);
  return JSON.stringify({
    ts: new Date(endMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    platform: 'android',
    ms_played: 60_000 + (i % 180) * 1000,
    conn_country: 'DE',
    ip_addr: `192.0.2.${i % 250}`,
    master_metadata_track_name: `Track ${t} of the benchmark`,
    master_metadata_album_artist_name: `Artist ${t % 3000}`,
    master_metadata_album_album_name: `Album ${t % 6000}`,
    spotify_track_uri: `spotify:track:${id}`,
    episode_name: null,
    episode_show_name: null,
    spotify_episode_uri: null,
    audiobook_title: null,
    audiobook_uri: null,
    audiobook_chapter_uri: null,
    audiobook_chapter_title: null,
    reason_start: i % 7 === 0 ? 'clickrow' : 'trackdone',
    reason_end: i % 11 === 0 ? 'fwdbtn' : 'trackdone',
    shuffle: i % 3 === 0,
    skipped: i % 11 === 0,
    offline: false,
    offline_timestamp: null,
    incognito_mode: false,
  });
}

interface Generated {
  path: string;
  zipBytes: number;
  jsonBytes: number;
  entries: number;
}

/** Writes a ZIP of about `mb` MiB of history JSON to `path`, streamed: memory stays at a file chunk. */
async function generate(path: string, mb: number, startMs: number): Promise<Generated> {
  const out = createWriteStream(path);
  const zip = new Zip((error, chunk, final) => {
    if (error) throw error;
    if (!out.write(chunk)) pendingDrain = true;
    if (final) out.end();
  });
  let pendingDrain = false;
  const drain = async () => {
    if (!pendingDrain) return;
    pendingDrain = false;
    await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  const target = mb * MiB;
  let jsonBytes = 0;
  let entries = 0;
  let endMs = startMs;
  for (let n = 0; jsonBytes < target; n++) {
    const file = new ZipDeflate(
      `Spotify Extended Streaming History/Streaming_History_Audio_bench_${n}.json`,
      {
        level: 6,
      },
    );
    zip.add(file);
    let fileBytes = 0;
    let first = true;
    const push = (text: string, final = false) => {
      const bytes = Buffer.from(text);
      fileBytes += bytes.length;
      jsonBytes += bytes.length;
      file.push(bytes, final);
    };
    push('[\n');
    while (fileBytes < FILE_MB * MiB && jsonBytes < target - 2) {
      const parts: string[] = [];
      for (let k = 0; k < 500; k++) {
        endMs += 150_000;
        parts.push(entry(endMs, entries++));
      }
      push(`${first ? '' : ',\n'}${parts.join(',\n')}`);
      first = false;
      await drain();
    }
    push('\n]', true);
    await drain();
  }
  zip.end();
  await new Promise<void>((resolve) => out.once('finish', () => resolve()));
  return { path, zipBytes: statSync(path).size, jsonBytes, entries };
}

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) * 1024;
}

/** Samples a process's RSS every 100 ms until stop(); peak and the samples. */
function sampler(pid: number) {
  let peak = rssBytes(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid));
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssBytes(pid));
    },
  };
}

interface Job {
  id: string;
  status: string;
  queuePosition: number | null;
  bytesProcessed: number | null;
  counts: {
    playsTotal: number;
    playsProcessed: number;
    imported: number;
    duplicates: number;
    entries: number;
  };
  error: string | null;
}

async function upload(base: string, cookie: string, file: Generated): Promise<Job> {
  const res = await fetch(`${base}/api/v1/listeners/me/imports?filename=my_spotify_data.zip`, {
    method: 'POST',
    headers: {
      cookie: `sl_listener=${cookie}`,
      'x-requested-with': 'soundlink',
      'content-type': 'application/zip',
      'content-length': String(file.zipBytes),
    },
    body: Readable.toWeb(createReadStream(file.path)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return (await res.json()) as Job;
}

async function finished(
  base: string,
  cookie: string,
  id: string,
  onPoll: (job: Job) => void = () => undefined,
): Promise<Job> {
  for (;;) {
    const res = await fetch(`${base}/api/v1/listeners/me/imports/${id}`, {
      headers: { cookie: `sl_listener=${cookie}` },
    });
    const job = (await res.json()) as Job;
    onPoll(job);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'soundlink-bench-import-'));
  const database = await startDatabase();
  let product: ChildProcess | undefined;
  const dataDir = join(work, 'data');
  try {
    const t = Date.now();
    const warm = await generate(
      join(work, 'warm.zip'),
      Math.max(1, Math.round(SMALL_MB / 4)),
      Date.UTC(2011, 0, 1),
    );
    const small = await generate(join(work, 'small.zip'), SMALL_MB, Date.UTC(2012, 0, 1));
    const large = await generate(join(work, 'large.zip'), LARGE_MB, Date.UTC(2014, 0, 1));
    process.stderr.write(`generated in ${((Date.now() - t) / 1000).toFixed(0)} s\n`);

    const port = await freePort();
    product = spawn(process.execPath, ['dist/apps/api/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        LOG_LEVEL: 'error',
        SOUNDLINK_DEMO: 'off',
        SESSION_SECRET,
        IMPORT_MAX_BYTES: String(1024 * MiB),
        IMPORT_MAX_UNZIPPED_BYTES: String(Math.max(1024, LARGE_MB + 24) * MiB),
        IMPORTS_CONCURRENCY: '1',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const pid = product.pid as number;
    const base = `http://127.0.0.1:${port}`;
    await waitHealthy(base);

    const db = new Client({ connectionString: database.url });
    await db.connect();
    const listeners = (
      await db.query(
        `INSERT INTO listeners (spotify_user_id, display_name, consented_at)
         SELECT 'bench-' || n, 'Bench ' || n, now() FROM generate_series(1, 5) n RETURNING id::text`,
      )
    ).rows.map((r: { id: string }) => signListenerCookie(r.id, Buffer.from(SESSION_SECRET, 'utf8')));

    const run = async (cookie: string, file: Generated) => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const baseline = rssBytes(pid);
      const sampling = sampler(pid);
      const started = Date.now();
      const accepted = await upload(base, cookie, file);
      const uploadedMs = Date.now() - started;
      // The highest RSS seen in each quarter of the plays written: flat if memory does not follow progress.
      const quarters = [0, 0, 0, 0];
      const done = await finished(base, cookie, accepted.id, (job) => {
        if (job.status !== 'running' || job.counts.playsTotal === 0) return;
        const q = Math.min(3, Math.floor((job.counts.playsProcessed / job.counts.playsTotal) * 4));
        quarters[q] = Math.max(quarters[q] ?? 0, rssBytes(pid));
      });
      const peak = sampling.stop();
      if (done.status !== 'completed') throw new Error(`import ${done.status}: ${done.error}`);
      return {
        file,
        baseline,
        peak,
        growth: peak - baseline,
        uploadedMs,
        totalMs: Date.now() - started,
        done,
        quarters,
      };
    };

    // A first import warms the process up (JIT, connections, the heap's first growth): not the import's cost.
    const atStart = rssBytes(pid);
    const warmUp = await run(listeners[4]!, warm);
    const results = [await run(listeners[0]!, small), await run(listeners[1]!, large)];

    // Two at once: the second waits its turn.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const baseline = rssBytes(pid);
    const sampling = sampler(pid);
    const started = Date.now();
    const [a, b] = await Promise.all([
      upload(base, listeners[2]!, small),
      upload(base, listeners[3]!, small),
    ]);
    const both = await Promise.all([
      finished(base, listeners[2]!, a.id),
      finished(base, listeners[3]!, b.id),
    ]);
    const concurrentPeak = sampling.stop();
    const concurrentMs = Date.now() - started;
    const stored = Number(
      (await db.query(`SELECT count(*)::bigint AS n FROM plays WHERE source = 'import'`)).rows[0].n,
    );
    await db.end();

    // The scanner against a library streaming parser, on the baseline's JSON size.
    const scan = parserBench(SMALL_MB);

    const [s, l] = results as [(typeof results)[0], (typeof results)[0]];
    const lines = [
      `Import benchmark: ${database.kind}, Node ${process.version}, IMPORTS_CONCURRENCY 1, batches of 1,000 plays`,
      '',
      '| run | unzipped JSON | ZIP | entries | rows imported | RSS before | RSS peak | growth | upload (validate + spool) | total |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.map(
        (r, i) =>
          `| ${i === 0 ? 'baseline' : 'large'} | ${mb(r.file.jsonBytes)} | ${mb(r.file.zipBytes)} | ${r.file.entries.toLocaleString('en-US')} | ${r.done.counts.imported.toLocaleString('en-US')} | ${mb(r.baseline)} | ${mb(r.peak)} | ${mb(r.growth)} | ${(r.uploadedMs / 1000).toFixed(1)} s | ${(r.totalMs / 1000).toFixed(1)} s |`,
      ),
      '',
      `RSS of the idle product after start ${mb(atStart)}; after a warm-up import of ${mb(warmUp.file.jsonBytes)} (${warmUp.done.counts.imported.toLocaleString('en-US')} rows) ${mb(warmUp.peak)} at its peak; the large import's peak is ${mb((results[1]?.peak ?? 0) - atStart)} above the idle start`,
      `large import, highest RSS polled in each quarter of its plays written: ${l.quarters.map(mb).join(' / ')}`,
      `size ratio large / baseline: ${(l.file.jsonBytes / s.file.jsonBytes).toFixed(2)}; RSS growth ratio: ${(l.growth / Math.max(1, s.growth)).toFixed(2)}`,
      `large import: RSS growth ${mb(l.growth)} (limit 150 MB): ${l.growth <= 150 * MiB ? 'within' : 'OVER'}`,
      `two concurrent baseline uploads: answers ${a.status}${a.queuePosition ? ` (position ${a.queuePosition})` : ''} and ${b.status}${b.queuePosition ? ` (position ${b.queuePosition})` : ''}; both ${both.map((j) => j.status).join(' / ')} in ${(concurrentMs / 1000).toFixed(1)} s; RSS ${mb(baseline)} → peak ${mb(concurrentPeak)}, growth ${mb(concurrentPeak - baseline)}`,
      `imported plays stored in all: ${stored.toLocaleString('en-US')}`,
      '',
      `JSON of ${SMALL_MB} MiB, cut into entries in this process: scanner + JSON.parse ${scan.scanner.toFixed(0)} MB/s, jsonparse ${scan.library.toFixed(0)} MB/s (ratio ${(scan.scanner / scan.library).toFixed(2)})`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (product && product.exitCode === null) {
      product.kill('SIGTERM');
      await new Promise((resolve) => product!.once('exit', resolve));
    }
    await database.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** MB/s of the reader's scanner and of jsonparse over the same JSON array, fed in 64 KiB chunks. */
function parserBench(sizeMb: number): { scanner: number; library: number } {
  const parts: string[] = [];
  let bytes = 2;
  for (let i = 0; bytes < sizeMb * MiB; i++) {
    const text = entry(Date.UTC(2015, 0, 1) + i * 150_000, i);
    parts.push(text);
    bytes += text.length + 2;
  }
  const json = Buffer.from(`[\n${parts.join(',\n')}\n]`);
  parts.length = 0;
  const chunks: Buffer[] = [];
  for (let i = 0; i < json.length; i += 64 * 1024) chunks.push(json.subarray(i, i + 64 * 1024));

  let count = 0;
  let t = process.hrtime.bigint();
  const scanner = new JsonArrayScanner('bench.json', () => count++);
  for (const chunk of chunks) scanner.push(chunk);
  scanner.end();
  const scannerS = Number(process.hrtime.bigint() - t) / 1e9;
  const scanned = count;

  // jsonparse (a streaming JSON parser, in node_modules as a dependency of a dependency): each object at
  // depth 1 of the array is handed on, as the scanner does.
  const Parser = require('jsonparse') as new () => {
    onValue: (this: { stack: unknown[] }, value: unknown) => void;
    write: (chunk: Buffer) => void;
  };
  count = 0;
  t = process.hrtime.bigint();
  const parser = new Parser();
  parser.onValue = function (this: { stack: unknown[] }) {
    if (this.stack.length === 1) count++;
  };
  for (const chunk of chunks) parser.write(chunk);
  const libraryS = Number(process.hrtime.bigint() - t) / 1e9;
  if (count !== scanned) throw new Error(`the parsers disagree: ${scanned} and ${count} entries`);
  return { scanner: json.length / MiB / scannerS, library: json.length / MiB / libraryS };
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
