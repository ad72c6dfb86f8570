/**
 * npm run partitions — runs the partition job of clicks and plays once, now (database/partitions): creates the
 * current month's and the next three months' partitions, and files the rows sitting in a DEFAULT partition under
 * partitions of their own (after a large backfill or import; the running product does the same at start and
 * every six hours). Prints the partitions of both tables with their row counts. Safe while the API runs on a
 * PostgreSQL server; on the embedded database (DATA_DIR) the API must not be running (PGlite is single-process).
 */
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../database/embedded-postgres';
import { EventPartitionsRepository } from '../database/partitions/event-partitions.repository';
import { EventPartitions } from '../database/partitions/event-partitions.service';
import { PARTITIONED_TABLES, PartitionedTable } from '../database/partitions/partition-ranges';

async function main(): Promise<number> {
  const config = loadConfig(process.env);
  const embedded: EmbeddedPostgres | undefined = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.DATA_DIR === ':memory:' ? undefined : config.DATA_DIR });
  const dataSource = new DataSource(
    dataSourceOptions(config.DATABASE_URL ?? (embedded as EmbeddedPostgres).url, 2),
  );
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const repository = new EventPartitionsRepository(dataSource);
    const created = await new EventPartitions(repository).ensure(new Date());
    process.stdout.write(
      `Created ${created.length} partition(s)${created.length ? `: ${created.join(', ')}` : ''}.\n`,
    );
    for (const table of Object.keys(PARTITIONED_TABLES) as PartitionedTable[]) {
      for (const row of await repository.rowCounts(table)) process.stdout.write(`${row.name}\t${row.rows}\n`);
    }
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
