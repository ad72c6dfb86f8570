/**
 * npm run bench:redirect — the tracker-link hot path, measured against this machine's physical limit.
 *
 * 1. Starts the built product (`node dist/apps/api/main.js`) on PostgreSQL: a fresh database on
 *    BENCH_DATABASE_URL's server when set (e.g. postgres://postgres@127.0.0.1:5432/test), else the embedded
 *    PostgreSQL (PGlite) in a process of its own. The product reaches the database through a TCP proxy in
 *    this script, so the second run can make it unreachable for a few seconds.
 * 2. Creates a campaign and a link through the API, then drives GET /l/{slug} with 50 connections for
 *    BENCH_DURATION_S seconds (default 10) with wrk (Debian package) when installed, else autocannon.
 * 3. Does the same against a bare node:http server (in a child process) answering the same 302, right
 *    before each product run: this machine's speed drifts (other guests of its host take CPU time, shown as
 *    "steal"), so each product run is compared with a bare run of the same minute. BENCH_ROUNDS (default 3)
 *    pairs are run; the medians are printed.
 * 4. Prints requests/s, p50, p99, the ratio to bare, and the 302s the server recorded versus the click
 *    rows stored — then runs one more pair with a database outage in the middle of the product run.
 *
 * PROF=1 also writes a V8 CPU profile of the product to /tmp/prof (open it in Chrome's DevTools).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT, freePort, startDatabase, startProxy, waitHealthy } from './support';

const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 10);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));
const CONNECTIONS = 50;
const OUTAGE_AFTER_S = Math.min(3, DURATION_S / 3);
const OUTAGE_FOR_S = Math.min(3, DURATION_S / 3);
// A phone browser: bots and link-preview fetchers take a different (cheaper) path.
const USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

interface LoadResult {
  tool: string;
  requests: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  non3xx: number;
  /** Share of the machine's CPU time taken by the hypervisor for other guests during the run (/proc/stat). */
  steal: number;
}

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 but prints its banner; ENOENT means it is missing
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function toMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!match) return NaN;
  const n = Number(match[1]);
  return match[2] === 'us' ? n / 1000 : match[2] === 's' ? n * 1000 : n;
}

async function runWrk(url: string, seconds: number): Promise<LoadResult> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', [
      '-t1',
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--latency',
      '-H',
      `User-Agent: ${USER_AGENT}`,
      url,
    ]);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(out));
  });
  const requests = Number(/(\d+) requests in/.exec(output)?.[1] ?? NaN);
  return {
    tool: 'wrk 1 thread',
    requests,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1] ?? NaN),
    p50ms: toMs(/50%\s+(\S+)/.exec(output)?.[1] ?? ''),
    p99ms: toMs(/99%\s+(\S+)/.exec(output)?.[1] ?? ''),
    non3xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0),
    steal: NaN,
  };
}

async function runAutocannon(url: string, seconds: number): Promise<LoadResult> {
  // autocannon runs in a child process so it never shares an event loop with what it measures.
  const script = `require('autocannon')({url:${JSON.stringify(url)},connections:${CONNECTIONS},duration:${seconds},followRedirect:false,headers:{'user-agent':${JSON.stringify(USER_AGENT)}}},(e,r)=>{process.stdout.write(JSON.stringify(r));});`;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(out));
  });
  const r = JSON.parse(output) as {
    requests: { total: number; average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    '3xx'?: number;
    statusCodeStats?: Record<string, { count: number }>;
  };
  const threeXx = r['3xx'] ?? 0;
  return {
    tool: 'autocannon',
    requests: r.requests.total,
    rps: r.requests.average,
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    non3xx: r.requests.total - threeXx,
    steal: NaN,
  };
}

/** CPU time counters of the whole machine (Linux); undefined elsewhere. */
function cpuTimes(): { steal: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return { steal: fields[7] ?? 0, total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

async function load(url: string, seconds: number): Promise<LoadResult> {
  const before = cpuTimes();
  const result = await (hasWrk() ? runWrk(url, seconds) : runAutocannon(url, seconds));
  const after = cpuTimes();
  const steal =
    before && after ? (after.steal - before.steal) / Math.max(1, after.total - before.total) : NaN;
  return { ...result, steal };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function queryOne<T>(url: string, text: string, params: unknown[] = []): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows[0] as T;
  } finally {
    await client.end();
  }
}

async function api(
  base: string,
  path: string,
  body: unknown,
  cookies: string[] = [],
): Promise<{ json: Record<string, unknown>; cookies: string[] }> {
  const csrf = cookies
    .find((c) => c.startsWith('sl_csrf='))
    ?.split(';')[0]
    ?.slice(8);
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: cookies.map((c) => c.split(';')[0]).join('; '),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return { json: (await res.json()) as Record<string, unknown>, cookies: res.headers.getSetCookie?.() ?? [] };
}

async function recordedVisits(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/soundlink_link_visits_total\{outcome="recorded"\} (\d+)/.exec(text)?.[1] ?? 0);
}

async function clickCounters(base: string): Promise<string> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const pick = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return `buffer now ${pick('soundlink_click_buffer_size')}, written ${pick('soundlink_clicks_written_total')}, dropped ${pick('soundlink_clicks_dropped_total')}, rejected ${pick('soundlink_clicks_rejected_total')}, flush errors ${pick('soundlink_click_flush_errors_total')}`;
}

async function storedClicks(dbUrl: string, linkId: string): Promise<number> {
  return Number(
    (await queryOne<{ count: string }>(dbUrl, 'SELECT count(*) FROM clicks WHERE link_id = $1', [linkId]))
      .count,
  );
}

async function settle(
  base: string,
  dbUrl: string,
  linkId: string,
): Promise<{ recorded: number; stored: number }> {
  let recorded = await recordedVisits(base);
  let stored = await storedClicks(dbUrl, linkId);
  for (let i = 0; i < 600 && stored < recorded; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    recorded = await recordedVisits(base);
    stored = await storedClicks(dbUrl, linkId);
  }
  return { recorded, stored };
}

function startBare(port: number, location: string): Promise<ChildProcess> {
  const code = `require('node:http').createServer((q,s)=>{s.writeHead(302,{Location:${JSON.stringify(location)},'Cache-Control':'private, no-store'});s.end();}).listen(${port},'127.0.0.1',()=>process.stdout.write('up\\n'));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.once('data', () => resolve(child)));
}

const fmt = (r: LoadResult) =>
  `${Math.round(r.rps).toLocaleString('en-US').padStart(8)} req/s  p50 ${r.p50ms.toFixed(2)} ms  p99 ${r.p99ms.toFixed(2).padStart(6)} ms  steal ${Number.isNaN(r.steal) ? '?' : `${Math.round(r.steal * 100)} %`}`;

async function main(): Promise<void> {
  const database = await startDatabase();
  const proxy = await startProxy(new URL(database.url));
  const viaProxy = new URL(database.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'soundlink-bench-'));
  const product = spawn(
    process.execPath,
    [...(process.env['PROF'] ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), 'dist/apps/api/main.js'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: viaProxy.toString(),
        LOG_LEVEL: 'error',
        CLICK_RATE_LIMIT_BURST: '0',
        // The demo's simulated listeners click links of their own: they would count as recorded visits here.
        SOUNDLINK_DEMO: 'off',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  let bare: ChildProcess | undefined;
  try {
    await waitHealthy(base);
    const owner = await api(base, '/api/v1/auth/register', {
      email: `bench-${Date.now()}@example.test`,
      password: 'a long bench passphrase',
    });
    const catalog = (await (await fetch(`${base}/sandbox/spotify/_sandbox/catalog`)).json()) as {
      tracks: Array<{ id: string }>;
    };
    const campaign = await api(
      base,
      '/api/v1/campaigns',
      { name: 'Bench', destination: `spotify:track:${catalog.tracks[0]!.id}` },
      owner.cookies,
    );
    const link = await api(
      base,
      `/api/v1/campaigns/${String(campaign.json['id'])}/links`,
      { label: 'Bench', slug: 'bench' },
      owner.cookies,
    );
    const linkId = String(link.json['id']);
    const target = `${base}/l/bench`;
    const barePort = await freePort();
    bare = await startBare(barePort, `/connect/bench?click=00000000-0000-7000-8000-000000000000`);
    const bareTarget = `http://127.0.0.1:${barePort}/l/bench`;
    await load(target, 1); // warm-up
    await load(bareTarget, 1);

    // Each product run right after a bare run: the ratio of a pair is measured at one speed of the machine.
    const pairs: Array<{ bare: LoadResult; product: LoadResult }> = [];
    const before = await settle(base, database.url, linkId);
    for (let round = 0; round < ROUNDS; round++) {
      const bareResult = await load(bareTarget, DURATION_S);
      pairs.push({ bare: bareResult, product: await load(target, DURATION_S) });
    }
    const steadyCounts = await settle(base, database.url, linkId);

    const outageBare = await load(bareTarget, DURATION_S);
    const outageRun = load(target, DURATION_S);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_AFTER_S * 1000));
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_FOR_S * 1000));
    proxy.restore();
    const outage = await outageRun;
    const outageCounts = await settle(base, database.url, linkId);

    const ratio = (pair: { bare: LoadResult; product: LoadResult }) => pair.product.rps / pair.bare.rps;
    const steadyRecorded = steadyCounts.recorded - before.recorded;
    const steadyStored = steadyCounts.stored - before.stored;
    const lines = [
      `Tracker-link redirect benchmark (${outage.tool}, ${CONNECTIONS} connections, ${DURATION_S} s per run, ${ROUNDS} pairs, Node ${process.version})`,
      `Database: ${database.kind}`,
      '',
      ...pairs.flatMap((pair, i) => [
        `pair ${i + 1}  bare node:http 302      ${fmt(pair.bare)}`,
        `        Soundlink GET /l/{slug} ${fmt(pair.product)}  ratio ${ratio(pair).toFixed(2)}`,
      ]),
      `median  bare ${Math.round(median(pairs.map((p) => p.bare.rps))).toLocaleString('en-US')} req/s; Soundlink ${Math.round(median(pairs.map((p) => p.product.rps))).toLocaleString('en-US')} req/s, p50 ${median(pairs.map((p) => p.product.p50ms)).toFixed(2)} ms, p99 ${median(pairs.map((p) => p.product.p99ms)).toFixed(2)} ms, ratio ${median(pairs.map(ratio)).toFixed(2)}`,
      `  302s recorded ${steadyRecorded}, click rows stored ${steadyStored}, lost ${steadyRecorded - steadyStored}, non-3xx answers ${pairs.reduce((n, p) => n + p.product.non3xx, 0)}`,
      '',
      `outage  bare node:http 302      ${fmt(outageBare)}`,
      `        Soundlink, database cut for ${OUTAGE_FOR_S} s mid-run ${fmt(outage)}  ratio ${(outage.rps / outageBare.rps).toFixed(2)}`,
      `  302s recorded ${outageCounts.recorded - steadyCounts.recorded}, click rows stored ${outageCounts.stored - steadyCounts.stored}, lost ${outageCounts.recorded - steadyCounts.recorded - (outageCounts.stored - steadyCounts.stored)}, non-3xx answers ${outage.non3xx}`,
    ];
    lines.push(`  ${await clickCounters(base)}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    bare?.kill();
    product.kill('SIGTERM');
    await new Promise((resolve) => product.once('exit', resolve));
    await proxy.close();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
