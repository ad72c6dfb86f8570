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
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import {
  BenchProduct,
  CONNECTIONS,
  LoadResult,
  fmt,
  load,
  median,
  startBare,
  startProductWithLink,
} from './load';
import { freePort, startDatabase, startProxy } from './support';

const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 10);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));
const OUTAGE_AFTER_S = Math.min(3, DURATION_S / 3);
const OUTAGE_FOR_S = Math.min(3, DURATION_S / 3);

async function queryOne<T>(url: string, text: string, params: unknown[] = []): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows[0] as T;
  } finally {
    await client.end();
  }
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

async function main(): Promise<void> {
  const database = await startDatabase();
  const proxy = await startProxy(new URL(database.url));
  const viaProxy = new URL(database.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  let product: BenchProduct | undefined;
  let bare: ChildProcess | undefined;
  try {
    product = await startProductWithLink(
      viaProxy.toString(),
      process.env['PROF'] ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [],
    );
    const { base, linkId, target } = product;
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
    await product?.stop();
    await proxy.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
