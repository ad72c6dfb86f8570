/**
 * npm run analytics:rebuild — recomputes every analytics rollup from the raw tables (clicks, attributions,
 * plays), in one transaction under the rollup lock, so it is safe while the API runs. Uses DATABASE_URL, or
 * the embedded PostgreSQL under DATA_DIR (default ./data) when it is not set — the API must not be running on
 * that embedded database at the same time (PGlite is single-process).
 */
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../database/embedded-postgres';
import { AnalyticsClickRollupsRepository } from '../modules/analytics/analytics-click-rollups.repository';
import { AnalyticsPlayRollupsRepository } from '../modules/analytics/analytics-play-rollups.repository';
import { AnalyticsRollupsRepository } from '../modules/analytics/analytics-rollups.repository';
import { AnalyticsRollups } from '../modules/analytics/analytics-rollups.service';

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
    const started = Date.now();
    const repository = new AnalyticsRollupsRepository(dataSource);
    const rollups = new AnalyticsRollups(
      dataSource,
      repository,
      new AnalyticsClickRollupsRepository(),
      new AnalyticsPlayRollupsRepository(),
    );
    await rollups.rebuildAll();
    const counts = await repository.rowCounts();
    process.stdout.write(
      `Rebuilt the analytics rollups in ${Date.now() - started} ms: ${JSON.stringify(counts)} rows.\n`,
    );
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
