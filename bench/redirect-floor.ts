/**
 * npm run bench:redirect-floor — how fast this machine can answer a tracker link while recording its clicks,
 * whatever the framework: the floor under `npm run bench:redirect`'s ratio.
 *
 * Starts the built product on a fresh database (BENCH_DATABASE_URL's server, else the embedded PostgreSQL) and
 * makes its `bench` link, then runs, one after the other, the rungs of bench/redirect-floor-server.ts (a bare
 * node:http server that answers like the product and records less or more of each click) and finally the
 * product itself. Each rung's run comes right after a run of the bare 302 server, and its ratio is taken to
 * that run (the machine's speed drifts). BENCH_ROUNDS (default 3) rounds, BENCH_DURATION_S (default 8) seconds
 * per run, wrk 1 thread 50 connections (else autocannon); medians are printed.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { CONNECTIONS, LoadResult, load, median, startBare, startProductWithLink } from './load';
import { FLOOR_MODES, FloorMode } from './redirect-floor-server';
import { ROOT, freePort, startDatabase } from './support';

const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 8);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3));

type Rung = FloorMode | 'product';

const RUNGS: Record<Rung, string> = {
  nothing: 'bare handler, product answer, nothing recorded',
  narrow: '+ 3-column rows (id, link, time), PK only',
  wide: '+ the click (16 columns), PK only',
  clicks: "+ the click through the product's ClickBuffer",
  redirect: "the product's RedirectHandler + ClickBuffer alone",
  product: 'the product, GET /l/{slug}',
};

async function startFloorServer(mode: FloorMode, databaseUrl: string, dataDir: string) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'bench/redirect-floor-server.ts', mode, String(port), databaseUrl],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        SWC_NODE_PROJECT: 'bench/tsconfig.json',
        DATA_DIR: dataDir,
        SESSION_SECRET: randomBytes(32).toString('hex'),
        ENCRYPTION_KEY: randomBytes(32).toString('hex'),
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the ${mode} server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/l/bench`, child };
}

/** Stops a rung's server once it has written what it buffered; answers how many clicks it answered. */
async function stopFloorServer(child: ChildProcess): Promise<number> {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return Number(/answered (\d+)/.exec(output)?.[1] ?? NaN);
}

async function countRows(databaseUrl: string, table: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return Number(((await client.query(`SELECT count(*) FROM ${table}`)).rows[0] as { count: string }).count);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const database = await startDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'soundlink-floor-'));
  const product = await startProductWithLink(database.url).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  const barePort = await freePort();
  const bare = await startBare(barePort, '/connect/bench?click=00000000-0000-7000-8000-000000000000');
  const bareUrl = `http://127.0.0.1:${barePort}/l/bench`;
  const results = new Map<Rung, Array<{ bare: LoadResult; rung: LoadResult }>>();
  /** Clicks answered and rows stored, by rung: a rung that lost rows would look faster than it is. */
  const lost = new Map<Rung, number>();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const rung of [...FLOOR_MODES, 'product' as const]) {
        const server = rung === 'product' ? undefined : await startFloorServer(rung, database.url, dataDir);
        const url = server?.url ?? product.target;
        // The rows the rung writes: narrow and wide make a table afresh, clicks and redirect add to the product's.
        const table =
          rung === 'narrow' || rung === 'wide'
            ? `bench_floor_${rung}`
            : rung === 'clicks' || rung === 'redirect'
              ? 'clicks'
              : undefined;
        const before = table === 'clicks' ? await countRows(database.url, table) : 0;
        try {
          await load(url, 1); // warm-up
          const bareRun = await load(bareUrl, DURATION_S);
          const rungRun = await load(url, DURATION_S);
          results.set(rung, [...(results.get(rung) ?? []), { bare: bareRun, rung: rungRun }]);
        } finally {
          if (server) {
            const answered = await stopFloorServer(server.child);
            if (table) {
              const stored = (await countRows(database.url, table)) - before;
              lost.set(rung, (lost.get(rung) ?? 0) + answered - stored);
            }
          }
        }
      }
    }
    const lines = [
      `Tracker-link floor benchmark (${CONNECTIONS} connections, ${DURATION_S} s per run, ${ROUNDS} rounds, Node ${process.version})`,
      `Database: ${database.kind}`,
      '',
      `${'rung'.padEnd(52)} ${'req/s'.padStart(8)} ${'p99 ms'.padStart(7)} ${'bare req/s'.padStart(11)}  ratio (each round)   lost`,
    ];
    for (const [rung, runs] of results) {
      const ratios = runs.map((run) => run.rung.rps / run.bare.rps);
      lines.push(
        `${RUNGS[rung].padEnd(52)} ${Math.round(median(runs.map((r) => r.rung.rps)))
          .toLocaleString('en-US')
          .padStart(8)} ${median(runs.map((r) => r.rung.p99ms))
          .toFixed(2)
          .padStart(7)} ${Math.round(median(runs.map((r) => r.bare.rps)))
          .toLocaleString('en-US')
          .padStart(
            11,
          )}  ${`${median(ratios).toFixed(2)} (${ratios.map((r) => r.toFixed(2)).join(' / ')})`.padEnd(20)} ${lost.get(rung) ?? '-'}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    bare.kill();
    await product.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
