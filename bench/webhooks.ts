/**
 * npm run bench:webhooks — what webhooks deliver, and what subscribing to `link.clicked` costs the redirect.
 *
 * Starts the built product (`node dist/apps/api/main.js`, role all: it serves redirects and runs the delivery
 * worker, as a single-process deployment does) with WEBHOOK_ALLOW_PRIVATE_TARGETS=true, on a fresh database on
 * BENCH_DATABASE_URL's server when set, else the embedded PostgreSQL (PGlite) in a process of its own; a
 * receiver on loopback in this script answers every delivery 204 at once. One endpoint subscribes to
 * `link.clicked` on the bench link's campaign.
 *
 * (a) Deliveries per second: BENCH_EVENTS (default 2000) clicks on the link, sent by this script (20 at a time,
 *     a phone's user agent, no cookies: each one a recorded click, each one an outbox row written with its click
 *     batch); timed from the first click until the delivery log holds them all delivered. Waits at most
 *     BENCH_DELIVERY_TIMEOUT_S (default 600) and then prints the rate so far.
 * (b) The redirect with and without the subscriber: wrk (or autocannon) on GET /l/{slug}, 50 connections,
 *     BENCH_DURATION_S (default 10) per run, BENCH_ROUNDS (default 3) pairs; each pair runs the baseline (the
 *     endpoint disabled: the click trigger finds no subscriber) and then the subscribed run (enabled: the trigger
 *     writes one event per click and the worker delivers while the redirect is driven), so both runs of a pair
 *     see the same minute of this machine. Prints each pair's ratio subscribed / baseline and the median.
 *     Deliveries left pending after a subscribed run wait (the endpoint is disabled for the next baseline) and
 *     are delivered in the next subscribed run; the backlog is printed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import {
  BenchProduct,
  CONNECTIONS,
  LoadResult,
  USER_AGENT,
  fmt,
  load,
  median,
  startProductWithLink,
} from './load';
import { api, startDatabase } from './support';

const EVENTS = Math.max(1, Number(process.env['BENCH_EVENTS'] ?? 2000));
const DELIVERY_TIMEOUT_S = Number(process.env['BENCH_DELIVERY_TIMEOUT_S'] ?? 600);
const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 10);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));
const CLICK_CONCURRENCY = 20;

/** The receiver: counts what it gets and answers 204 at once. */
async function startReceiver(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The endpoint's deliveries by status, read from the delivery log's table. */
async function deliveryCounts(db: Client): Promise<{ pending: number; delivered: number; failed: number }> {
  const { rows } = await db.query<{ status: string; count: string }>(
    'SELECT status, count(*) FROM webhook_deliveries GROUP BY status',
  );
  const of = (status: string) => Number(rows.find((r) => r.status === status)?.count ?? 0);
  return { pending: of('pending'), delivered: of('delivered'), failed: of('failed') };
}

/** `count` visits of the link, `CLICK_CONCURRENCY` at a time, as a phone's browser without cookies. */
async function click(target: string, count: number): Promise<number> {
  let next = 0;
  let redirected = 0;
  const visitor = async () => {
    while (next < count) {
      next++;
      const res = await fetch(target, { redirect: 'manual', headers: { 'user-agent': USER_AGENT } });
      await res.arrayBuffer();
      if (res.status >= 300 && res.status < 400) redirected++;
    }
  };
  await Promise.all(Array.from({ length: CLICK_CONCURRENCY }, visitor));
  return redirected;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const int = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const database = await startDatabase();
  const receiver = await startReceiver();
  const db = new Client({ connectionString: database.url });
  let product: BenchProduct | undefined;
  try {
    product = await startProductWithLink(database.url, [], 'dist/apps/api/main.js', {
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    });
    await db.connect();
    const { base, target, cookies } = product;
    const hook = await api(
      base,
      '/api/v1/webhooks',
      { url: receiver.url, events: ['link.clicked'] },
      cookies,
    );
    const hookPath = `/api/v1/webhooks/${String(hook.json['id'])}`;
    const setSubscribed = (enabled: boolean) => api(base, hookPath, { enabled }, cookies, 'PATCH');

    // (a) Deliveries per second, end to end: clicks written through the redirect, delivered by the worker.
    const started = performance.now();
    const redirected = await click(target, EVENTS);
    const clicksSentS = (performance.now() - started) / 1000;
    let counts = await deliveryCounts(db);
    const deadline = started + DELIVERY_TIMEOUT_S * 1000;
    while (counts.delivered + counts.failed < EVENTS && performance.now() < deadline) {
      await sleep(50);
      counts = await deliveryCounts(db);
    }
    const deliveredS = (performance.now() - started) / 1000;
    const complete = counts.delivered + counts.failed >= EVENTS;
    const receivedInA = receiver.received();

    // (b) The redirect without and with the subscriber, alternating.
    await load(target, 1); // warm-up
    const pairs: Array<{ baseline: LoadResult; subscribed: LoadResult; backlog: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      await setSubscribed(false);
      const baseline = await load(target, DURATION_S);
      await setSubscribed(true);
      const subscribed = await load(target, DURATION_S);
      pairs.push({ baseline, subscribed, backlog: (await deliveryCounts(db)).pending });
    }
    await setSubscribed(false);

    const ratio = (pair: { baseline: LoadResult; subscribed: LoadResult }) =>
      pair.subscribed.rps / pair.baseline.rps;
    const lines = [
      `Webhooks benchmark (Node ${process.version}; product role all, one endpoint subscribed to link.clicked, receiver answers 204)`,
      `Database: ${database.kind}`,
      '',
      `(a) ${int(EVENTS)} clicks (${CLICK_CONCURRENCY} at a time), ${int(redirected)} redirected, sent in ${clicksSentS.toFixed(1)} s`,
      complete
        ? `    all delivered ${deliveredS.toFixed(1)} s after the first click: ${int(EVENTS / deliveredS)} deliveries/s` +
          ` (delivered ${int(counts.delivered)}, failed ${int(counts.failed)}, receiver got ${int(receivedInA)})`
        : `    NOT all delivered within ${DELIVERY_TIMEOUT_S} s: ${int(counts.delivered)} delivered, ${int(counts.pending)} pending:` +
          ` ${int(counts.delivered / deliveredS)} deliveries/s so far`,
      '',
      `(b) GET /l/{slug} (${pairs[0]?.baseline.tool}, ${CONNECTIONS} connections, ${DURATION_S} s per run, ${ROUNDS} pairs)`,
      ...pairs.flatMap((pair, i) => [
        `pair ${i + 1}  no subscriber           ${fmt(pair.baseline)}`,
        `        link.clicked subscriber ${fmt(pair.subscribed)}  ratio ${ratio(pair).toFixed(2)}  (deliveries pending after it: ${int(pair.backlog)})`,
      ]),
      `median  no subscriber ${int(median(pairs.map((p) => p.baseline.rps)))} req/s; with a link.clicked subscriber ${int(median(pairs.map((p) => p.subscribed.rps)))} req/s, p99 ${median(pairs.map((p) => p.subscribed.p99ms)).toFixed(2)} ms (baseline ${median(pairs.map((p) => p.baseline.p99ms)).toFixed(2)} ms), ratio ${median(pairs.map(ratio)).toFixed(2)}`,
      `  non-3xx answers: baseline ${pairs.reduce((n, p) => n + p.baseline.non3xx, 0)}, subscribed ${pairs.reduce((n, p) => n + p.subscribed.non3xx, 0)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await db.end().catch(() => undefined);
    await product?.stop();
    await receiver.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
