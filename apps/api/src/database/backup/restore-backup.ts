import { Client } from 'pg';
import { DataSource, type MigrationInterface } from 'typeorm';
import { version } from '../../version';
import { dataSourceOptions } from '../data-source-options';
import { migrations as knownMigrations } from '../migrations';
import { EventPartitionsRepository } from '../partitions/event-partitions.repository';
import { EventPartitions } from '../partitions/event-partitions.service';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupFileError,
  BackupHeader,
  BackupSecrets,
  readBackupLines,
} from './backup-format';
import {
  beginLoad,
  commit,
  rollback,
  dropPublicSchema,
  insertRows,
  nonEmptyTables,
  schemaHasObjects,
  setSequence,
} from './backup.repository';

/** Rows per INSERT, and the most JSON text one INSERT carries. */
const BATCH_ROWS = 5000;
const BATCH_CHARS = 4_000_000;

type MigrationClass = new () => MigrationInterface;
const migrationName = (migration: MigrationClass): string => new migration().name ?? migration.name;

/**
 * Reads the whole file once before anything is written: a truncated or corrupt file, a file from a newer
 * Soundlink, or one whose rows do not match its header is refused with the reason. Answers the header and
 * the secrets, if the file holds them.
 */
export async function verifyBackup(file: string): Promise<{ header: BackupHeader; secrets?: BackupSecrets }> {
  let header: BackupHeader | undefined;
  let secrets: BackupSecrets | undefined;
  let table: string | undefined;
  let rows = 0;
  let complete = false;
  const corrupt = (why: string) => new BackupFileError(`${file} is corrupt: ${why}.`);
  for await (const line of readBackupLines(file)) {
    if (!header) {
      if (line.kind !== 'marker' || line.word !== BACKUP_FORMAT)
        throw new BackupFileError(`${file} is not a Soundlink backup (no ${BACKUP_FORMAT} header).`);
      header = line.value as unknown as BackupHeader;
      if (typeof header.formatVersion !== 'number' || header.formatVersion > BACKUP_FORMAT_VERSION)
        throw new BackupFileError(
          `${file} was written by Soundlink ${header.appVersion} in backup format ${header.formatVersion}; this Soundlink (${version}) reads format ${BACKUP_FORMAT_VERSION}. Upgrade Soundlink, then restore.`,
        );
      const known = new Set(knownMigrations.map(migrationName));
      const unknown = header.migrations.filter((name) => !known.has(name));
      if (unknown.length > 0)
        throw new BackupFileError(
          `${file} comes from a newer Soundlink (${header.appVersion}): its database has migrations this Soundlink (${version}) does not know (${unknown.join(', ')}). Upgrade Soundlink, then restore.`,
        );
      continue;
    }
    if (complete) throw corrupt('lines follow the end mark');
    if (line.kind === 'row') {
      if (!table) throw corrupt('a row outside a table');
      rows++;
    } else if (line.word === 'secrets') secrets = line.value as unknown as BackupSecrets;
    else if (line.word === 'table') {
      table = String(line.value['name']);
      rows = 0;
    } else if (line.word === 'end') {
      const expected = header.tables.find((t) => t.name === table)?.rows;
      if (line.value['name'] !== table || rows !== expected || line.value['rows'] !== rows)
        throw corrupt(`table ${table} has ${rows} rows, its header says ${expected}`);
      table = undefined;
    } else if (line.word === 'complete') complete = true;
  }
  if (!header) throw new BackupFileError(`${file} is empty or not a Soundlink backup.`);
  if (!complete || table)
    throw new BackupFileError(
      `${file} is truncated (it ends inside ${table ?? 'the file'}): it cannot be restored.`,
    );
  if (header.withSecrets !== !!secrets) throw corrupt('the header and the key material disagree');
  return { header, secrets };
}

export interface RestoreSummary {
  replaced: Array<{ name: string; rows: number }>;
  tables: number;
  rows: number;
  newerMigrations: number;
}

/**
 * Restores a verified backup into the database at `url`: refuses one holding rows unless `force` (then drops
 * its public schema), runs the migrations the backup recorded, loads the rows in one transaction with triggers
 * and foreign-key checks off (the backup holds the queues and rows exactly), sets the sequences, then runs the
 * newer migrations of this Soundlink.
 */
export async function restoreBackup(options: {
  url: string;
  file: string;
  header: BackupHeader;
  force: boolean;
}): Promise<RestoreSummary> {
  const { header } = options;
  const client = new Client({ connectionString: options.url, options: '-c TimeZone=UTC' });
  await client.connect();
  let replaced: Array<{ name: string; rows: number }>;
  try {
    replaced = await nonEmptyTables(client);
    if (replaced.length > 0 && !options.force)
      throw new RestoreRefused(
        `The target database is not empty (${describeRows(replaced)}). Restore into an empty database, or add --force to replace its content.`,
      );
    if (await schemaHasObjects(client)) await dropPublicSchema(client);
  } finally {
    await client.end();
  }

  const recorded = new Set(header.migrations);
  await runMigrations(
    options.url,
    knownMigrations.filter((m) => recorded.has(migrationName(m))),
  );

  const loader = new Client({ connectionString: options.url, options: '-c TimeZone=UTC' });
  await loader.connect();
  let rows = 0;
  try {
    await beginLoad(
      loader,
      header.tables.map((t) => t.name),
    );
    const columnsOf = new Map(header.tables.map((t) => [t.name, t.columns]));
    let table: string | undefined;
    let batch: string[] = [];
    let chars = 0;
    const flush = async () => {
      if (batch.length === 0 || !table) return;
      await insertRows(loader, table, columnsOf.get(table) ?? [], `[${batch.join(',')}]`);
      rows += batch.length;
      batch = [];
      chars = 0;
    };
    for await (const line of readBackupLines(options.file)) {
      if (line.kind === 'row') {
        batch.push(line.text);
        chars += line.text.length;
        if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
      } else if (line.word === 'table') table = String(line.value['name']);
      else if (line.word === 'end') {
        await flush();
        table = undefined;
      }
    }
    for (const sequence of header.sequences)
      if (sequence.value !== null) await setSequence(loader, sequence.name, sequence.value);
    await commit(loader);
  } catch (error) {
    await rollback(loader);
    throw error;
  } finally {
    await loader.end();
  }

  const newer = knownMigrations.filter((m) => !recorded.has(migrationName(m))).length;
  await runMigrations(options.url, knownMigrations, { fileRowsUnderPartitions: true });
  return { replaced, tables: header.tables.length, rows, newerMigrations: newer };
}

/** The target holds data and --force was not given. */
export class RestoreRefused extends Error {}

export const describeRows = (tables: Array<{ name: string; rows: number }>): string =>
  tables.map((t) => `${t.name}: ${t.rows}`).join(', ');

/**
 * Runs `migrations`; with `fileRowsUnderPartitions`, then runs the partition job once: the rows of clicks and
 * plays were loaded through their parents, those of months without a partition in the fresh database (the
 * migrations create the current months only) went to DEFAULT, and move to partitions of their own.
 */
async function runMigrations(
  url: string,
  migrations: MigrationClass[],
  options: { fileRowsUnderPartitions?: boolean } = {},
): Promise<void> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 1), migrations });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    if (options.fileRowsUnderPartitions) {
      await new EventPartitions(new EventPartitionsRepository(dataSource)).ensure(new Date());
    }
  } finally {
    await dataSource.destroy();
  }
}
