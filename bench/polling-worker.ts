/** What bench/polling.ts and bench/polling-sources.ts share: the built product as a worker, stored tokens. */
import { ChildProcess, spawn } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, freePort } from './support';

/** The stored form of TokenCipher (apps/api/src/common/security/token-cipher.ts): v1.<key id>.<iv>.<tag>.<ct>. */
export function encrypt(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const id = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  return ['v1', id, ...[iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'))].join('.');
}

/** The environment of a worker process polling the Spotify sandbox at `spotifyUrl` as the app `clientId`. */
export function workerEnv(
  databaseUrl: string,
  key: Buffer,
  spotifyUrl: string,
  clientId: string,
  clientSecret: string,
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    ENCRYPTION_KEY: key.toString('hex'),
    SOUNDLINK_ROLE: 'worker',
    SPOTIFY_CLIENT_ID: clientId,
    SPOTIFY_CLIENT_SECRET: clientSecret,
    SPOTIFY_ACCOUNTS_URL: spotifyUrl,
    SPOTIFY_API_URL: `${spotifyUrl}/v1`,
  };
}

export interface Worker {
  process: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** `node dist/apps/api/main.js` with `env` (SOUNDLINK_ROLE among them), once /health answers. */
export async function startWorker(env: Record<string, string>): Promise<Worker> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'soundlink-bench-'));
  const child = spawn(
    process.execPath,
    [
      ...(process.env['BENCH_CPU_PROF']
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_CPU_PROF']}`]
        : []),
      'dist/apps/api/main.js',
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // starting
    }
    if (i > 300) throw new Error('the worker did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    process: child,
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
