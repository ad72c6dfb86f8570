import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';

/**
 * The Soundlink backup file (docs/operations.md, "Backup and restore"): gzip'ed lines of text, the same for the
 * embedded database and a server. Marker lines start with `@` and a word; every other line is one table row as
 * PostgreSQL's `row_to_json` wrote it (read back by PostgreSQL's `json_populate_recordset`, so numbers, times,
 * arrays and jsonb keep their exact value: the rows are never parsed in JavaScript).
 *
 *   @soundlink-backup {header}      first line: format version, app version, migrations, tables and row counts
 *   @secrets {keys}                 only with --with-secrets
 *   @table {"name": "owners"}       then that table's rows, one per line
 *   @end {"name": "owners", "rows": 3}
 *   @complete {"tables": 47, "rows": 1234}   last line: a file without it was cut short
 */
export const BACKUP_FORMAT = 'soundlink-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupTable {
  name: string;
  columns: string[];
  rows: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  source: { kind: 'server' | 'embedded'; serverVersion: string };
  /** The migrations applied to the backed-up database, oldest first (TypeORM's names). */
  migrations: string[];
  /** In an order that satisfies the foreign keys (referenced tables first). */
  tables: BackupTable[];
  sequences: Array<{ name: string; value: string | null }>;
  withSecrets: boolean;
}

/** The key material, base64 (the bytes the app uses: SecretsService). */
export interface BackupSecrets {
  encryptionKey: string;
  sessionSecret: string;
}

/** The file is not a complete, readable Soundlink backup: the message says why. */
export class BackupFileError extends Error {}

/** Writes the gzip'ed lines to `path`, waiting whenever the disk is behind (a table is never held in memory). */
export class BackupWriter {
  private readonly gzip: Gzip = createGzip({ level: 6 });
  private readonly file: WriteStream;
  private readonly done: Promise<void>;

  constructor(readonly path: string) {
    this.file = createWriteStream(path, { mode: 0o600, flags: 'wx' });
    this.gzip.pipe(this.file);
    this.done = new Promise((resolve, reject) => {
      this.file.once('close', resolve);
      this.file.once('error', reject);
      this.gzip.once('error', reject);
    });
  }

  async marker(word: string, value: unknown): Promise<void> {
    await this.line(`@${word} ${JSON.stringify(value)}`);
  }

  async line(text: string): Promise<void> {
    await this.lines([text]);
  }

  /** One write per page of rows: a write per row costs more than the rows. */
  async lines(texts: string[]): Promise<void> {
    if (texts.length === 0) return;
    if (!this.gzip.write(`${texts.join('\n')}\n`)) await once(this.gzip, 'drain');
  }

  /** Flushes, closes and syncs the file to disk. */
  async finish(): Promise<void> {
    this.gzip.end();
    await this.done;
    const handle = await open(this.path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    this.file.destroy();
    await this.done.catch(() => undefined);
  }
}

export type BackupLine =
  { kind: 'marker'; word: string; value: Record<string, unknown> } | { kind: 'row'; text: string };

/**
 * The lines of a backup file, in order; a file that is not gzip, is cut short or is not a Soundlink backup ends
 * in a BackupFileError saying so.
 */
export async function* readBackupLines(path: string): AsyncGenerator<BackupLine> {
  const head = Buffer.alloc(5);
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new BackupFileError(
      `Cannot read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
    );
  });
  try {
    await handle.read(head, 0, 5, 0);
  } finally {
    await handle.close();
  }
  if (head.toString('latin1') === 'PGDMP')
    throw new BackupFileError(
      `${path} is a pg_dump archive (npm run backup -- --format pg_dump): restore it with pg_restore (docs/operations.md), not npm run restore.`,
    );
  if (head[0] !== 0x1f || head[1] !== 0x8b)
    throw new BackupFileError(`${path} is not a Soundlink backup (not a gzip file).`);
  const gunzip = createGunzip();
  const input = createReadStream(path).pipe(gunzip);
  let failure: Error | undefined;
  gunzip.once('error', (error) => (failure = error));
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      if (failure) break;
      if (!text.startsWith('@')) {
        yield { kind: 'row', text };
        continue;
      }
      const space = text.indexOf(' ');
      let value: unknown;
      try {
        value = JSON.parse(text.slice(space + 1));
      } catch {
        throw new BackupFileError(
          `${path} is corrupt: a marker line is not readable (${text.slice(0, 60)}…).`,
        );
      }
      yield { kind: 'marker', word: text.slice(1, space), value: value as Record<string, unknown> };
    }
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    failure ??= error as Error;
  }
  if (failure)
    throw new BackupFileError(
      `${path} is truncated or corrupt (${failure.message}): it cannot be restored. Use another backup.`,
    );
}
