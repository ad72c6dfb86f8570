import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { WORKSPACE } from './product';

/**
 * A database that outlives the product's process: a fresh database on TEST_DATABASE_URL's server when set,
 * else the embedded PostgreSQL (PGlite, in memory) served from a process of its own. Either way the test
 * reaches it with the `pg` driver while the product is down.
 */
export interface OutsideDatabase {
  readonly url: string;
  readonly kind: 'server' | 'embedded';
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function query<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function startOutsideDatabase(): Promise<OutsideDatabase> {
  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (serverUrl) {
    const name = `soundlink_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
    await query(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      kind: 'server',
      query: (text, params) => query(url.toString(), text, params),
      drop: async () => void (await query(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
    };
  }
  const child = spawn(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(WORKSPACE, 'apps/api/src/bin/embedded-postgres.ts'),
      '--exit-with-stdin',
    ],
    {
      cwd: WORKSPACE,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, SWC_NODE_PROJECT: join(WORKSPACE, 'apps/api/tsconfig.app.json') },
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
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
    query: (text, params) => query(url, text, params),
    drop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
