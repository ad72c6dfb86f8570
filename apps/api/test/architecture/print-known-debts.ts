/**
 * Prints the current figures of the architecture checks in known-debts.ts's format, and the table accesses
 * across modules, for updating the lists after breaches were fixed:
 *
 *   SWC_NODE_PROJECT=apps/api/tsconfig.spec.json node -r @swc-node/register apps/api/test/architecture/print-known-debts.ts
 */
import { currentImportCircles, oversizedFiles, sqlCallsOutsideRepositories } from './findings';
import { entityTables } from './schema-tables';
import { moduleOf, moduleSources, readSource } from './source-files';
import { scanSource } from './source-scan';
import { ownerOfTable } from './table-owners';

const record = (name: string, figures: Record<string, number>) =>
  [
    `export const ${name}: Readonly<Record<string, number>> = {`,
    ...Object.entries(figures).map(([file, figure]) => `  '${file}': ${figure},`),
    '};',
  ].join('\n');

const entities = new Map(entityTables().map((entity) => [entity.className, entity.table]));
const pairs = new Map<string, Set<string>>();
for (const file of moduleSources()) {
  const module = moduleOf(file)!;
  for (const use of scanSource(file, readSource(file), entities).relations) {
    const owner = ownerOfTable.get(use.relation);
    if (!owner || owner === module) continue;
    const pair = `${module} -> ${use.relation} (owner: ${owner})`;
    pairs.set(pair, (pairs.get(pair) ?? new Set()).add(`${file}:${use.line}`));
  }
}

console.log(record('sqlOutsideRepositories', sqlCallsOutsideRepositories()));
console.log(record('filesOver400Lines', oversizedFiles()));
console.log(`export const importCircles = ${JSON.stringify(currentImportCircles(), null, 2)};`);
console.log('\n// Tables named across modules (table-access-exceptions.ts), with where:');
for (const [pair, places] of [...pairs].sort()) console.log(`// ${pair}: ${[...places].join(', ')}`);
