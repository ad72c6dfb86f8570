import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSoundlink, SoundlinkServer, StartOptions } from '../../src/bootstrap';
import { createTestDatabase, TestDatabase } from './test-database';
import { startTcpProxy, TcpProxy } from './tcp-proxy';

export interface TestServer extends SoundlinkServer {
  database: TestDatabase;
  /** Sits between the app and its database: `proxy.cut()` simulates a database outage. */
  proxy: TcpProxy;
  stop(): Promise<void>;
}

/** Boots the real Soundlink app on its own migrated database, listening on a free loopback port. */
export async function startTestServer(
  env: Record<string, string> = {},
  options: Pick<StartOptions, 'logStream'> = {},
): Promise<TestServer> {
  const database = await createTestDatabase();
  const target = new URL(database.url);
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  const viaProxy = new URL(database.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  try {
    const app = await startAppOnDatabase(viaProxy.toString(), env, options);
    return {
      ...app,
      database,
      proxy,
      async stop() {
        proxy.restore();
        await app.stop();
        await proxy.close();
        await database.drop();
      },
    };
  } catch (error) {
    await proxy.close();
    await database.drop();
    throw error;
  }
}

export interface AppOnDatabase extends SoundlinkServer {
  /** Closes the app and removes its data directory (the database is the caller's). */
  stop(): Promise<void>;
}

/**
 * Boots a Soundlink app on an existing database with a temporary data directory. Several apps may share
 * one database, as the API processes of one deployment do.
 */
export async function startAppOnDatabase(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: Pick<StartOptions, 'logStream'> = {},
): Promise<AppOnDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'soundlink-test-'));
  try {
    const server = await startSoundlink({
      ...options,
      port: 0,
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: '5',
        WEB_DIST_DIR: '/nonexistent',
        DATA_DIR: dataDir,
        // Many specs register and sign in owners from 127.0.0.1: the sign-in and sign-up limits stay out of
        // their way; test/security/login-limits.spec.ts sets the production values.
        REGISTER_RATE_LIMIT: '100000',
        LOGIN_RATE_LIMIT_PER_IP: '100000',
        LOGIN_RATE_LIMIT_PER_ACCOUNT: '100000',
        ...env,
      },
    });
    return {
      ...server,
      async stop() {
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
