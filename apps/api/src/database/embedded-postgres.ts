import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { serializeProtocolCycles } from './pglite-protocol-queue';

export interface EmbeddedPostgres {
  /** A postgres:// URL the ordinary `pg` driver connects to. */
  readonly url: string;
  /** Where the data lives: a directory, or 'memory://' for a throw-away database. */
  readonly location: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL compiled to WebAssembly (PGlite) and serves it on a loopback port through
 * pglite-socket, so TypeORM talks to it with the same `pg` driver and the same migrations as to a
 * real server. PGlite runs one query at a time: a transaction holds it until commit, so code must
 * never wait on a second connection while its own transaction is open.
 */
export async function startEmbeddedPostgres(options: {
  dataDir?: string;
  maxConnections?: number;
}): Promise<EmbeddedPostgres> {
  let location = 'memory://';
  let unlock = (): void => undefined;
  let announce = (_url: string): void => undefined;
  if (options.dataDir) {
    location = resolve(join(options.dataDir, 'pg'));
    mkdirSync(location, { recursive: true, mode: 0o700 });
    ({ unlock, announce } = lockDataDir(resolve(options.dataDir)));
  }
  let db: PGlite;
  try {
    db = await PGlite.create(location);
  } catch (error) {
    unlock();
    throw error;
  }
  // PGlite is one session shared by every connection, and ignores the connection's startup parameters (the
  // `-c TimeZone=UTC` of data-source-options.ts): pin the session's time zone here, so interval and day
  // arithmetic run in UTC as on a server (docs/analytics.md).
  try {
    await db.exec(`SET TIME ZONE 'UTC'`);
  } catch (error) {
    await db.close();
    unlock();
    throw error;
  }
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: options.maxConnections ?? 20,
  });
  // One session for every connection: keep each connection's Parse…Sync together (see the function).
  serializeProtocolCycles(server);
  await server.start();
  const conn = server.getServerConn();
  const port = conn.slice(conn.lastIndexOf(':') + 1);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  announce(url);
  let stopped = false;
  return {
    url,
    location,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      unlock();
    },
  };
}

/**
 * PGlite does not lock its directory, and two processes writing one data directory corrupt it: the first
 * to open it holds DATA_DIR/embedded-postgres.lock (its pid) until it stops. A lock whose process is gone
 * (a crash, kill -9) or is this very process (a container restarted as pid 1) is taken over. Once serving,
 * the lock's second line is the loopback URL, so that `npm run backup` goes through the running instance
 * (runningEmbeddedUrl) instead of copying live files.
 */
function lockDataDir(dataDir: string): { unlock: () => void; announce: (url: string) => void } {
  const file = join(dataDir, 'embedded-postgres.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return {
        unlock: () => {
          try {
            unlinkSync(file);
          } catch {
            // already gone
          }
        },
        announce: (url) => writeFileSync(file, `${process.pid}\n${url}\n`, { mode: 0o600 }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (pid > 0 && pid !== process.pid && processAlive(pid))
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${pid} (a running Soundlink?): PGlite allows one process at a time. Stop that process first, or use a PostgreSQL server (DATABASE_URL).`,
      );
    try {
      unlinkSync(file);
    } catch {
      // another process took it over meanwhile: try again
    }
  }
  throw new Error(`Could not lock the embedded database in ${dataDir} (${file}).`);
}

/**
 * The URL of the embedded PostgreSQL another live process serves from this DATA_DIR (the running app), or
 * undefined when none does (then the caller may open the directory itself).
 */
export function runningEmbeddedUrl(dataDir: string): string | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(resolve(dataDir), 'embedded-postgres.lock'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const url = lines[1]?.trim();
  if (!(pid > 0) || pid === process.pid || !processAlive(pid)) return undefined;
  if (!url) throw new Error(`The embedded database in ${dataDir} is starting in process ${pid}: try again.`);
  return url;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What the embedded PostgreSQL thread is started with. */
export interface EmbeddedWorkerData {
  dataDir?: string;
  maxConnections?: number;
}

/** What the thread answers: `ready` or `failed` once, `stopped` after a `stop`. */
export type EmbeddedWorkerMessage =
  | { type: 'ready'; url: string; location: string }
  | { type: 'failed'; message: string }
  | { type: 'stopped' };

/** Where the built worker entry lives next to the bundle (webpack's second entry); absent when running from source. */
const WORKER_FILE = join(__dirname, 'embedded-postgres.worker.js');
const STOP_GRACE_MS = 10_000;

/**
 * The embedded PostgreSQL on a worker thread (embedded-postgres.worker.ts), so its query execution never
 * blocks this process's event loop: what `npm start` runs. From source (tests, tools) there is no built worker
 * entry, and it runs in this thread as startEmbeddedPostgres does.
 */
export async function startEmbeddedPostgresThread(options: EmbeddedWorkerData): Promise<EmbeddedPostgres> {
  if (!existsSync(WORKER_FILE)) return startEmbeddedPostgres(options);
  const worker = new Worker(WORKER_FILE, { workerData: options });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const first = await new Promise<EmbeddedWorkerMessage>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    void exited.then(() => reject(new Error('The embedded PostgreSQL thread exited while starting.')));
  });
  if (first.type !== 'ready') {
    await worker.terminate();
    throw new Error(
      `Embedded PostgreSQL failed to start: ${first.type === 'failed' ? first.message : first.type}`,
    );
  }
  let stopping: Promise<void> | undefined;
  // Past the start, a failing thread must not take the API down with it: the database becomes unreachable,
  // which the API survives (503 on /health, clicks kept in the buffer), and the reason is logged.
  worker.on('error', (error) =>
    process.stderr.write(
      `Embedded PostgreSQL thread failed: ${error instanceof Error ? error.message : String(error)}\n`,
    ),
  );
  void exited.then(() => {
    if (!stopping) process.stderr.write('Embedded PostgreSQL thread exited unexpectedly.\n');
  });
  return {
    url: first.url,
    location: first.location,
    stop: () =>
      (stopping ??= (async () => {
        // PGlite flushes its data directory on close; a thread that does not answer is ended after the grace.
        const stopped = new Promise<void>((resolve) =>
          worker.on('message', (message: EmbeddedWorkerMessage) => {
            if (message.type === 'stopped') resolve();
          }),
        );
        worker.postMessage('stop');
        const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
        await Promise.race([stopped, exited]);
        clearTimeout(timer);
        await worker.terminate();
      })()),
  };
}
