import * as pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

/**
 * The one place the TypeORM connection is described; used by the app, the migration tools and the tests.
 * `statementTimeoutMs` (the app passes DATABASE_STATEMENT_TIMEOUT_MS) makes the server cancel any statement
 * that runs longer (SQLSTATE 57014); the tools (migrations, analytics rebuild) pass none and run untimed.
 */
export function dataSourceOptions(url: string, poolSize = 10, statementTimeoutMs = 0): DataSourceOptions {
  return {
    type: 'postgres',
    // The driver is passed explicitly so bundling and the production package.json keep it.
    driver: pg,
    url,
    entities,
    migrations,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+ (and PGlite): no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // Failed queries surface as errors where they are handled; expected ones (a taken slug) are not noise in the log.
    logging: false,
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      // Sent as connection parameters, so every pooled connection has them from the start. The time zone is
      // pinned: `timestamptz + interval '1 day'`, date_trunc and generate_series over days follow the session's
      // TimeZone (a server, database or role setting such as Europe/Berlin would move day buckets and retention
      // windows by an hour across a DST change); every figure is defined in UTC (docs/analytics.md).
      // JIT compilation is off: the per-listener figures (segments, lift, the funnel's reached connects) have
      // correlated subqueries whose cost estimates run into the billions, so the server compiled them with LLVM
      // on every request, 3.3 s of a 7.6 s segments answer on 26,000 listeners (bench/RESULTS.md); the queries
      // here are index lookups that JIT does not speed up.
      options: '-c TimeZone=UTC -c jit=off',
      ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
    },
  };
}
