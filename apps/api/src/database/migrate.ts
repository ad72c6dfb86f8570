import { DataSource, MigrationExecutor } from 'typeorm';

/**
 * Runs the pending migrations, each in its own transaction, on one connection without the pool's statement
 * timeout (DATABASE_STATEMENT_TIMEOUT_MS is for the app's queries; a migration may rewrite a big table). The
 * connection gets its configured timeout back before it returns to the pool.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<void> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    await queryRunner.query('SET statement_timeout = 0');
    const executor = new MigrationExecutor(dataSource, queryRunner);
    executor.transaction = 'each';
    await executor.executePendingMigrations();
    await queryRunner.query('RESET statement_timeout');
  } finally {
    await queryRunner.release();
  }
}
