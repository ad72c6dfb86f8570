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
