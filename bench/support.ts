/** What the benchmarks share: free ports, a database of their own, a cuttable proxy, waiting for the product. */
import { spawn } from 'node:child_process';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

export const ROOT = join(__dirname, '..');

export interface BenchDatabase {
  url: string;
  /** Which database it is, for the printed figures. */
  kind: string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A loopback TCP proxy to the database that can be cut (`cut()`) and restored. */
export async function startProxy(target: URL) {
  const sockets = new Set<Socket>();
  let open = true;
  const server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    restore() {
      open = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A fresh database on BENCH_DATABASE_URL's server, dropped by stop(); without it the embedded PostgreSQL
 * (PGlite) in a process of its own.
 */
export async function startDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env['BENCH_DATABASE_URL'];
  if (serverUrl) {
    const name = `soundlink_bench_${Date.now()}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const version = (await admin.query('SHOW server_version')).rows[0] as { server_version: string };
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      kind: `PostgreSQL ${version.server_version} server`,
      stop: async () => {
        // BENCH_KEEP_DATABASE=1 leaves the database for a look afterwards (EXPLAIN on the generated data).
        if (process.env['BENCH_KEEP_DATABASE'] === '1') {
          process.stderr.write(`kept database ${name}\n`);
          return;
        }
        const c = new Client({ connectionString: serverUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'apps/api/src/bin/embedded-postgres.ts', '--exit-with-stdin'],
    {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, SWC_NODE_PROJECT: 'apps/api/tsconfig.app.json' },
    },
  );
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  return {
    url: (JSON.parse(line) as { url: string }).url,
    kind: 'embedded PostgreSQL (PGlite) in its own process',
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}

export async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the product did not start');
}

/**
 * POSTs (or `method`s) JSON to the product as a signed-in owner would (session cookies and the CSRF token of the
 * last answer).
 */
export async function api(
  base: string,
  path: string,
  body: unknown,
  cookies: string[] = [],
  method = 'POST',
): Promise<{ json: Record<string, unknown>; cookies: string[] }> {
  const csrf = cookies
    .find((c) => c.startsWith('sl_csrf='))
    ?.split(';')[0]
    ?.slice(8);
  const res = await fetch(`${base}${path}`, {
    method,
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

/** The median of some numbers (the mean of the middle two for an even count). */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/**
 * A poll's plays insert as the product writes it (play-ingest.repository.ts): $1 listener, $2 the plays as
 * JSON (`playedAt`, `trackId`, `contextType`, `contextUri`), $3 the source.
 */
export const POLL_PLAYS_INSERT = `INSERT INTO plays (listener_id, played_at, track_id, context_type, context_uri, source)
  SELECT $1::uuid, p."playedAt", p."trackId", p."contextType", p."contextUri", $3
    FROM json_to_recordset($2::json) AS p("playedAt" timestamptz, "trackId" varchar,
         "contextType" varchar, "contextUri" varchar)
  ON CONFLICT (listener_id, played_at) DO NOTHING
  RETURNING id`;

/**
 * The product in this process on `databaseUrl`, role `api` (no scheduled jobs: the script runs what it
 * measures), no SPA, nothing on disk; `env` adds or overrides variables.
 */
export async function startBenchApi(databaseUrl: string, env: Record<string, string> = {}) {
  // Imported here: the benches that spawn the built product never load the app in their own process.
  const { startSoundlink } = await import('../apps/api/src/bootstrap');
  return startSoundlink({
    port: 0,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      DATA_DIR: ':memory:',
      WEB_DIST_DIR: '/nonexistent',
      SOUNDLINK_ROLE: 'api',
      ...env,
    },
  });
}
