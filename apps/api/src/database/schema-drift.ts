import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export interface SchemaDiff {
  up: string[];
  down: string[];
}

/**
 * Runs every migration on the database at `url`, then asks TypeORM what SQL would make the schema
 * match the entities. An empty answer means the entities and the migrations agree (no drift).
 */
export async function schemaDiffAfterMigrations(url: string): Promise<SchemaDiff> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  oneQueryAtATime(dataSource);
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: sql.upQueries.map((q) => q.query),
      down: sql.downQueries.map((q) => q.query).reverse(),
    };
  } finally {
    await dataSource.destroy();
  }
}

/**
 * TypeORM's schema builder reads the tables with Promise.all on one query runner (PostgresQueryRunner.loadTables
 * asks for every enum column's type name at once), so the pg client is handed a query while another is running:
 * pg 8 queues it with the warning "Calling client.query() when the client is already executing a query is
 * deprecated", and pg 9 will refuse it. Each query runner of this data source waits for its previous query
 * before sending the next one.
 */
function oneQueryAtATime(dataSource: DataSource): void {
  const create = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>) => {
    const runner = create(...args);
    const query = runner.query.bind(runner) as (...queryArgs: unknown[]) => Promise<unknown>;
    let previous: Promise<unknown> = Promise.resolve();
    runner.query = ((...queryArgs: unknown[]) => {
      const next = previous.then(() => query(...queryArgs));
      previous = next.catch(() => undefined);
      return next;
    }) as typeof runner.query;
    return runner;
  };
}

/** Writes a TypeORM migration class for the given statements, in the house format. */
export function renderMigration(name: string, timestamp: number, diff: SchemaDiff): string {
  const className = `${name}${timestamp}`;
  const lines = (queries: string[]) =>
    queries
      .map((q) => `    await queryRunner.query(\`${q.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\`);`)
      .join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(diff.up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(diff.down)}
  }
}
`;
}
