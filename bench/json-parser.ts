/**
 * npm run bench:json-parser — the hand-written JsonArrayScanner (json-array-scanner.ts) against the maintained
 * streaming JSON parsers, on what the history import reads (issue 17: keep the hand-written one only if a
 * benchmark shows it is needed).
 *
 * 1. Generates in memory a Spotify extended streaming history file of BENCH_MB (150) MB: entries shaped like
 *    Spotify's (the fields of `historyEntry` in apps/api/test/attribution-invariants.spec.ts), every 11th a
 *    podcast episode, names with accents, CJK, emoji, escaped quotes and backslashes.
 * 2. Feeds it in 64 KiB chunks to (a) the scanner, (b) @streamparser/json (`JSONParser`, `paths: ['$.*']`,
 *    `keepStack: false`), (c) stream-json (`parser()` + `streamArray()`, driven synchronously through
 *    stream-chain's `exec`, its cheapest driver: no Node stream in between), in alternating order over
 *    BENCH_ROUNDS (3) rounds. Every entry goes through the same validation (parseHistoryEntry, as the reader
 *    does) and a checksum of a few fields: only the parse cost differs. Counts and checksums must match.
 * 3. Prints the median MB/s per parser, its ratio to the scanner's, and the peak RSS growth over the RSS
 *    before the run (after a GC; the generated file is already resident), sampled every 16 chunks.
 */
import { JSONParser } from '@streamparser/json';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parser } from 'stream-json';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { exec } from 'stream-chain/exec.js';
import { none } from 'stream-chain/defs.js';
import { JsonArrayScanner } from '../apps/api/src/modules/insights/json-array-scanner';
import { parseHistoryEntry } from '../apps/api/src/modules/insights/streaming-history-entry';

const MB = Number(process.env['BENCH_MB'] ?? 150);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CHUNK = 64 * 1024;
const FILE = 'Streaming_History_Audio_2024.json';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const NAMES = [
  'Déjà Vu',
  'Ünïcødé Sönġ',
  '東京フラッシュ',
  'Café del Mar 🌊',
  'Say "Hello" (Live)',
  'Back\\Slash Blues',
  'Ελληνικά',
  'Привет, мир',
  '😀🎶 Emoji Anthem',
  'Plain Old Song',
];
const ARTISTS = [
  'Beyoncé',
  'Sigur Rós',
  'BTS (방탄소년단)',
  'The "Quoted" Band',
  'Mötley Crüe',
  'Model Artist',
];
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function trackId(n: number): string {
  let id = '';
  let x = n * 2654435761;
  for (let i = 0; i < 22; i++) {
    id += ALPHABET[x % 62];
    x = Math.floor(x / 62) + i * 7919 + n;
  }
  return id;
}

function entry(n: number, at: number) {
  const episode = n % 11 === 0;
  const name = `${NAMES[n % NAMES.length]} ${n % 997}`;
  return {
    ts: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    platform: n % 3 === 0 ? 'Android OS 14 API 34 (Google, Pixel 8)' : 'iOS 17.4 (iPhone15,2)',
    ms_played: 5_000 + ((n * 7919) % 300_000),
    conn_country: n % 2 ? 'DE' : 'JP',
    ip_addr: `192.0.2.${n % 250}`,
    master_metadata_track_name: episode ? null : name,
    master_metadata_album_artist_name: episode ? null : ARTISTS[n % ARTISTS.length],
    master_metadata_album_album_name: episode ? null : `Album „${NAMES[(n >> 3) % NAMES.length]}“`,
    spotify_track_uri: episode ? null : `spotify:track:${trackId(n % 50_000)}`,
    episode_name: episode ? `Episode ${n}: “Talk” about \\ things` : null,
    episode_show_name: episode ? 'Der Podcast' : null,
    spotify_episode_uri: episode ? `spotify:episode:${trackId(n)}` : null,
    reason_start: 'trackdone',
    reason_end: n % 5 === 0 ? 'fwdbtn' : 'trackdone',
    shuffle: n % 2 === 0,
    skipped: n % 5 === 0,
    offline: false,
    offline_timestamp: null,
    incognito_mode: false,
  };
}

function generate(): Buffer {
  const target = MB * 1e6;
  const parts: string[] = ['[\n'];
  let size = 2;
  let at = Date.UTC(2022, 0, 1);
  for (let n = 0; size < target; n++) {
    const text = (n > 0 ? ',\n  ' : '  ') + JSON.stringify(entry(n, at));
    parts.push(text);
    size += Buffer.byteLength(text);
    at += 200_000;
  }
  parts.push('\n]\n');
  return Buffer.from(parts.join(''));
}

interface Tally {
  entries: number;
  tracks: number;
  checksum: number;
}

const NOW = Date.now();

/** The same work for every parser: the reader's validation, plus a checksum of a few fields. */
function check(tally: Tally, value: unknown, index: number): void {
  const parsed = parseHistoryEntry(value, FILE, index, NOW);
  tally.entries++;
  if (parsed.kind === 'track') {
    tally.tracks++;
    const name = parsed.name ?? '';
    tally.checksum = (tally.checksum * 31 + parsed.msPlayed + name.length) % 2_147_483_647;
    tally.checksum =
      (tally.checksum * 31 + name.charCodeAt(name.length - 1) + parsed.trackId.charCodeAt(21)) %
      2_147_483_647;
  }
}

type Run = (file: Buffer, onEntry: (value: unknown, index: number) => void, sample: () => void) => void;

const chunks = (file: Buffer, each: (chunk: Buffer, i: number) => void) => {
  for (let i = 0, n = 0; i < file.length; i += CHUNK, n++) each(file.subarray(i, i + CHUNK), n);
};

const PARSERS: Record<string, Run> = {
  scanner(file, onEntry, sample) {
    const scanner = new JsonArrayScanner(FILE, onEntry);
    chunks(file, (chunk, n) => {
      scanner.push(chunk);
      if (n % 16 === 0) sample();
    });
    scanner.end();
  },
  '@streamparser/json'(file, onEntry, sample) {
    const json = new JSONParser({ paths: ['$.*'], keepStack: false });
    let index = 0;
    json.onValue = ({ value }) => onEntry(value, index++);
    json.onError = (error) => {
      throw error;
    };
    chunks(file, (chunk, n) => {
      json.write(chunk);
      if (n % 16 === 0) sample();
    });
    // It ends itself once the top-level array is closed.
    if (!json.isEnded) json.end();
  },
  'stream-json'(file, onEntry, sample) {
    const drive = exec(parser(), streamArray());
    const push = (item: unknown) => {
      const { key, value } = item as { key: number; value: unknown };
      onEntry(value, key);
    };
    chunks(file, (chunk, n) => {
      if (drive(chunk, push)) throw new Error('stream-json went asynchronous');
      if (n % 16 === 0) sample();
    });
    if (drive(none, push)) throw new Error('stream-json went asynchronous');
  },
};

function measure(name: string, file: Buffer): { mbps: number; rssGrowth: number; tally: Tally } {
  gc();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  };
  const tally: Tally = { entries: 0, tracks: 0, checksum: 0 };
  const started = process.hrtime.bigint();
  PARSERS[name]!(file, (value, index) => check(tally, value, index), sample);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  sample();
  return { mbps: file.length / 1e6 / seconds, rssGrowth: peak - baseline, tally };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function main(): void {
  const file = generate();
  console.log(
    `history file: ${(file.length / 1e6).toFixed(1)} MB, ${CHUNK / 1024} KiB chunks, ${ROUNDS} rounds`,
  );
  const names = Object.keys(PARSERS);
  const results = new Map<string, { mbps: number[]; rss: number[]; tally?: Tally }>(
    names.map((name) => [name, { mbps: [], rss: [] }]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order: each parser runs first, in the middle and last.
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    if (round % 2 === 1) order.reverse();
    for (const name of order) {
      const { mbps, rssGrowth, tally } = measure(name, file);
      const result = results.get(name)!;
      result.mbps.push(mbps);
      result.rss.push(rssGrowth);
      result.tally = tally;
      console.log(`  round ${round + 1} ${name}: ${mbps.toFixed(1)} MB/s, RSS +${mib(rssGrowth)}`);
    }
  }
  const reference = results.get('scanner')!;
  for (const [name, result] of results) {
    const { entries, tracks, checksum } = result.tally!;
    const expected = reference.tally!;
    if (entries !== expected.entries || tracks !== expected.tracks || checksum !== expected.checksum) {
      throw new Error(
        `${name} read ${entries}/${tracks}/${checksum}, the scanner ${JSON.stringify(expected)}`,
      );
    }
  }
  console.log(
    `entries: ${reference.tally!.entries} (${reference.tally!.tracks} tracks), same for every parser`,
  );
  const scannerMbps = median(reference.mbps);
  for (const [name, result] of results) {
    const mbps = median(result.mbps);
    console.log(
      `${name.padEnd(20)} ${mbps.toFixed(1).padStart(7)} MB/s  ratio to scanner ${(mbps / scannerMbps).toFixed(2)}  ` +
        `peak RSS growth ${mib(Math.max(...result.rss))}`,
    );
  }
}

main();
