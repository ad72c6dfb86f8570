import { rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { Client } from 'pg';
import { version } from '../../version';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupHeader,
  BackupSecrets,
  BackupWriter,
} from './backup-format';
import {
  appliedMigrations,
  beginSnapshot,
  commit,
  rollback,
  catalogTables,
  CatalogTable,
  closeRowCursor,
  countRows,
  fetchRows,
  openRowCursor,
  sequenceValues,
  serverVersion,
} from './backup.repository';

/** Rows fetched per round trip: a page, never a whole table, is in memory. */
const PAGE_ROWS = 2000;

export interface BackupSummary {
  file: string;
  tables: number;
  rows: number;
  bytes?: number;
  withSecrets: boolean;
}

/**
 * Writes a consistent snapshot of the database at `url` to `out`: one read-only transaction (SERIALIZABLE
 * DEFERRABLE on a server: a snapshot that waits for no lock and can never fail to serialize; REPEATABLE READ on
 * the embedded database, one session where it is equivalent) streams every table through a cursor into a temp
 * file beside `out`, renamed to `out` only once complete and synced.
 */
export async function takeBackup(options: {
  url: string;
  kind: 'server' | 'embedded';
  out: string;
  secrets?: BackupSecrets;
}): Promise<BackupSummary> {
  const client = new Client({ connectionString: options.url, options: '-c TimeZone=UTC' });
  await client.connect();
  const temp = join(dirname(options.out), `.${basename(options.out)}.${process.pid}.partial`);
  let writer: BackupWriter | undefined;
  try {
    await beginSnapshot(client, options.kind);
    const migrations = await appliedMigrations(client);
    if (!migrations)
      throw new Error('This database has no Soundlink schema (no migrations table): nothing to back up.');
    const tables = orderByForeignKeys(await catalogTables(client));
    const counted = [];
    for (const table of tables)
      counted.push({ name: table.name, columns: table.columns, rows: await countRows(client, table.name) });
    // Read after the snapshot was taken: at least as far as any row in it.
    const sequences = await sequenceValues(client);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: version,
      createdAt: new Date().toISOString(),
      source: { kind: options.kind, serverVersion: await serverVersion(client) },
      migrations,
      tables: counted,
      sequences,
      withSecrets: !!options.secrets,
    };
    writer = new BackupWriter(temp);
    await writer.marker(BACKUP_FORMAT, header);
    if (options.secrets) await writer.marker('secrets', options.secrets);
    let total = 0;
    for (const table of counted) {
      await writer.marker('table', { name: table.name });
      let rows = 0;
      await openRowCursor(client, table.name);
      for (;;) {
        const page = await fetchRows(client, PAGE_ROWS);
        await writer.lines(page);
        rows += page.length;
        if (page.length < PAGE_ROWS) break;
      }
      await closeRowCursor(client);
      if (rows !== table.rows) throw new Error(`${table.name}: counted ${table.rows} rows but read ${rows}`);
      await writer.marker('end', { name: table.name, rows });
      total += rows;
    }
    await writer.marker('complete', { tables: counted.length, rows: total });
    await commit(client);
    await writer.finish();
    writer = undefined;
    await rename(temp, options.out);
    return { file: options.out, tables: counted.length, rows: total, withSecrets: !!options.secrets };
  } catch (error) {
    await rollback(client);
    await writer?.abort();
    await rm(temp, { force: true });
    throw error;
  } finally {
    await client.end();
  }
}

/** Referenced tables before the tables referencing them (names break ties, so the order is stable). */
export function orderByForeignKeys(tables: CatalogTable[]): CatalogTable[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: CatalogTable[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: CatalogTable) => {
    if (state.get(table.name)) return; // done, or a cycle (the load does not check foreign keys anyway)
    state.set(table.name, 'visiting');
    for (const name of [...table.references].sort()) {
      const referenced = byName.get(name);
      if (referenced) visit(referenced);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table);
  return ordered;
}
