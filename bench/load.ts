/** Driving a URL with wrk (or autocannon) as the redirect benchmarks do, and what they share around it. */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, api, freePort, waitHealthy } from './support';

export const CONNECTIONS = 50;
// A phone browser: bots and link-preview fetchers take a different (cheaper) path.
export const USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

export interface LoadResult {
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
    // Anchored: the thread stats above the distribution have percentages like 89.99% too.
    p50ms: toMs(/^\s+50%\s+(\S+)/m.exec(output)?.[1] ?? ''),
    p99ms: toMs(/^\s+99%\s+(\S+)/m.exec(output)?.[1] ?? ''),
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

export async function load(url: string, seconds: number): Promise<LoadResult> {
  const before = cpuTimes();
  const result = await (hasWrk() ? runWrk(url, seconds) : runAutocannon(url, seconds));
  const after = cpuTimes();
  const steal =
    before && after ? (after.steal - before.steal) / Math.max(1, after.total - before.total) : NaN;
  return { ...result, steal };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A bare node:http server in a process of its own, answering every request with the same 302: the machine's limit. */
export function startBare(port: number, location: string): Promise<ChildProcess> {
  const code = `require('node:http').createServer((q,s)=>{s.writeHead(302,{Location:${JSON.stringify(location)},'Cache-Control':'private, no-store'});s.end();}).listen(${port},'127.0.0.1',()=>process.stdout.write('up\\n'));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.once('data', () => resolve(child)));
}

export const fmt = (r: LoadResult) =>
  `${Math.round(r.rps).toLocaleString('en-US').padStart(8)} req/s  p50 ${r.p50ms.toFixed(2)} ms  p99 ${r.p99ms.toFixed(2).padStart(6)} ms  steal ${Number.isNaN(r.steal) ? '?' : `${Math.round(r.steal * 100)} %`}`;

export interface BenchProduct {
  base: string;
  linkId: string;
  /** The link's URL: `${base}/l/bench`. */
  target: string;
  /** The product's process, for its CPU time in /proc. */
  pid: number;
  /** The session cookies of the owner of the link (for more API calls). */
  cookies: string[];
  stop(): Promise<void>;
}

/**
 * Starts the built product (dist/apps/api/main.js) on the given database (`env` adds variables), then makes an
 * owner, a campaign and a tracker link `bench` through its API.
 */
export async function startProductWithLink(
  databaseUrl: string,
  nodeArgs: string[] = [],
  main = 'dist/apps/api/main.js',
  env: Record<string, string> = {},
): Promise<BenchProduct> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'soundlink-bench-'));
  const product = spawn(process.execPath, [...nodeArgs, main], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'error',
      CLICK_RATE_LIMIT_BURST: '0',
      // The demo's simulated listeners click links of their own: they would count as recorded visits here.
      SOUNDLINK_DEMO: 'off',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (product.exitCode === null) {
      product.kill('SIGTERM');
      await new Promise((resolve) => product.once('exit', resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
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
    return {
      base,
      linkId: String(link.json['id']),
      target: `${base}/l/bench`,
      pid: product.pid ?? 0,
      cookies: owner.cookies,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
