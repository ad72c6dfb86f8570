import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';

/**
 * A database of its own for one test file: a fresh database on TEST_DATABASE_URL's server
 * (CI's real PostgreSQL), or else a throw-away embedded PostgreSQL (PGlite, in memory) in a child
 * process. PGlite runs outside Jest's module sandbox, which cannot host its WebAssembly loader,
 * and on its own core.
 */
export interface TestDatabase {
  readonly url: string;
  readonly kind: 'server' | 'embedded';
  drop(): Promise<void>;
}

const WORKSPACE = join(__dirname, '..', '..', '..', '..');

/**
 * An embedded PostgreSQL in a child process: in memory, or in `dataDir` (DATA_DIR/pg, locked as the app locks
 * it, so that `npm run backup` finds it running).
 */
export async function startEmbeddedProcess(dataDir?: string): Promise<TestDatabase> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(WORKSPACE, 'apps/api/src/bin/embedded-postgres.ts'),
      '--exit-with-stdin',
      ...(dataDir ? ['--data-dir', dataDir] : []),
    ],
    {
      cwd: WORKSPACE,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, SWC_NODE_PROJECT: join(WORKSPACE, 'apps/api/tsconfig.app.json') },
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        reject(new Error(`Unexpected output from the embedded PostgreSQL: ${line}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`The embedded PostgreSQL exited with ${code}`)));
  });
  return {
    url,
    kind: 'embedded',
    drop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (!serverUrl) return startEmbeddedProcess();
  return createServerDatabase(serverUrl);
}

/** A fresh database on the PostgreSQL server at `serverUrl`, dropped by `drop()`. */
export async function createServerDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `soundlink_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'server',
    async drop() {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * `it` for a test that interleaves transactions of several sessions (one held open while others run). Only a
 * PostgreSQL server can do that: the embedded database serves one session at a time, so there the interleaving
 * cannot happen and the test would wait on itself. Registered when TEST_DATABASE_URL names a server (CI requires
 * one: REQUIRE_POSTGRES_SERVER_TESTS); a machine without one leaves it out, as the run's closing notice says.
 */
export const itWithConcurrentSessions = (
  name: string,
  test: () => Promise<void>,
  timeoutMs?: number,
): void => {
  if (process.env['TEST_DATABASE_URL']) it(name, test, timeoutMs);
};
