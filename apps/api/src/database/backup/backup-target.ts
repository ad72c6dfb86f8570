import type { AppConfig } from '../../config/app-config';
import { EmbeddedPostgres, runningEmbeddedUrl, startEmbeddedPostgres } from '../embedded-postgres';

/** The database a backup reads or a restore writes, and how it was reached. */
export interface BackupTarget {
  url: string;
  kind: 'server' | 'embedded';
  /** Said to the operator: where the data is. */
  description: string;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set (a server); else the embedded database under DATA_DIR: a backup goes through the running
 * app's instance when one serves it (never a copy of its live files); a restore refuses a running one. When
 * nothing runs on it, it is opened here.
 */
export async function openBackupTarget(config: AppConfig, use: 'backup' | 'restore'): Promise<BackupTarget> {
  if (config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    return {
      url: config.DATABASE_URL,
      kind: 'server',
      description: `the PostgreSQL database ${url.pathname.slice(1)} on ${url.host}`,
      close: async () => undefined,
    };
  }
  if (config.DATA_DIR === ':memory:')
    throw new Error(
      'DATA_DIR=:memory: has no database to back up or restore into: set DATA_DIR or DATABASE_URL.',
    );
  const running = runningEmbeddedUrl(config.DATA_DIR);
  if (running && use === 'restore')
    throw new Error(
      `The embedded database in ${config.DATA_DIR} is in use by a running Soundlink: stop it before restoring into it.`,
    );
  if (running)
    return {
      url: running,
      kind: 'embedded',
      description: `the embedded database in ${config.DATA_DIR} (through the running instance)`,
      close: async () => undefined,
    };
  const embedded: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: config.DATA_DIR });
  return {
    url: embedded.url,
    kind: 'embedded',
    description: `the embedded database in ${config.DATA_DIR}`,
    close: () => embedded.stop(),
  };
}
