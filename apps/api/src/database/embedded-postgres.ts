import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
  if (options.dataDir) {
    location = resolve(join(options.dataDir, 'pg'));
    mkdirSync(location, { recursive: true, mode: 0o700 });
  }
  const db = await PGlite.create(location);
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
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    location,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}
