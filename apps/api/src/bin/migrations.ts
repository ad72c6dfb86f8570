/**
 * Migration tools (run through `npm run migration:generate -- <WhatChanged>` / `npm run migration:check`):
 *   generate <Name>  writes apps/api/src/database/migrations/<timestamp>-<Name>.ts with the SQL that makes
 *                    the migrated schema match the entities, and registers it in migrations/index.ts
 *   check            fails when the entities and the migrations disagree (CI runs it)
 * Uses DATABASE_URL when set, else a throw-away embedded PostgreSQL in memory.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { renderMigration, schemaDiffAfterMigrations } from '../database/schema-drift';

const MIGRATIONS_DIR = join(__dirname, '..', 'database', 'migrations');

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  if (process.env['DATABASE_URL']) return work(process.env['DATABASE_URL']);
  const embedded = await startEmbeddedPostgres({});
  try {
    return await work(embedded.url);
  } finally {
    await embedded.stop();
  }
}

async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  if (command === 'check') {
    const diff = await withDatabase(schemaDiffAfterMigrations);
    if (diff.up.length === 0) {
      process.stdout.write('Schema check: the migrations match the entities.\n');
      return 0;
    }
    process.stderr.write(
      `Schema drift: the entities need SQL that no migration has. Run npm run migration:generate -- <WhatChanged>.\n${diff.up.join(';\n')};\n`,
    );
    return 1;
  }
  if (command === 'generate') {
    if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
      process.stderr.write(
        'Usage: npm run migration:generate -- <WhatChanged>   (PascalCase, e.g. AddCampaigns)\n',
      );
      return 2;
    }
    const diff = await withDatabase(schemaDiffAfterMigrations);
    if (diff.up.length === 0) {
      process.stdout.write('No changes: the migrations already match the entities.\n');
      return 0;
    }
    const timestamp = Date.now();
    const file = `${timestamp}-${name}`;
    writeFileSync(join(MIGRATIONS_DIR, `${file}.ts`), renderMigration(name, timestamp, diff));
    const indexPath = join(MIGRATIONS_DIR, 'index.ts');
    const index = readFileSync(indexPath, 'utf8')
      .replace(/(\n\/\/ Every migration)/, `\nimport { ${name}${timestamp} } from './${file}';$1`)
      .replace(/= \[([^\]]*)\];/, (_match, list: string) => {
        const items = list
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        return `= [${[...items, `${name}${timestamp}`].join(', ')}];`;
      });
    writeFileSync(indexPath, index);
    process.stdout.write(
      `Wrote apps/api/src/database/migrations/${file}.ts (${diff.up.length} statements).\n`,
    );
    return 0;
  }
  process.stderr.write('Usage: migrations.ts generate <Name> | check\n');
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
