import { entityTables, migratedTables } from './schema-tables';
import { moduleNames, moduleOf, moduleSources, readSource } from './source-files';
import { scanSource } from './source-scan';
import { tableAccessExceptions } from './table-access-exceptions';
import { ownerOfTable, tableOwners } from './table-owners';

/**
 * Issue 17, "One owner per table": every table has one owning module (table-owners.ts), and a module's
 * SQL names only its own tables, apart from the justified exceptions of table-access-exceptions.ts. No
 * database needed: the checks read the source.
 */
describe('table ownership', () => {
  const entities = entityTables();
  const entityByClass = new Map(entities.map((entity) => [entity.className, entity.table]));

  it('lists every module folder of apps/api/src/modules, and only those', () => {
    expect(Object.keys(tableOwners).sort()).toEqual(moduleNames());
  });

  it('lists every table of the entities and migrations, each once', () => {
    const mapped = Object.values(tableOwners).flat();
    expect(mapped.filter((table, i) => mapped.indexOf(table) !== i)).toEqual([]);
    const schema = new Set([...entities.map((entity) => entity.table), ...migratedTables()]);
    expect(mapped.sort()).toEqual([...schema].sort());
  });

  it('gives each entity table to the module whose folder holds the entity', () => {
    const misplaced = entities
      .filter((entity) => moduleOf(entity.file) !== ownerOfTable.get(entity.table))
      .map((entity) => `${entity.table}: entity in ${entity.file}, owner ${ownerOfTable.get(entity.table)}`);
    expect(misplaced).toEqual([]);
    const classes = entities.map((entity) => entity.className);
    expect(classes.filter((name, i) => classes.indexOf(name) !== i)).toEqual([]);
  });

  it('has an exception list of known modules and tables, each pair once and never the owner', () => {
    const pairs = tableAccessExceptions.map((e) => `${e.module} -> ${e.table}`);
    expect(pairs.filter((pair, i) => pairs.indexOf(pair) !== i)).toEqual([]);
    const wrong = tableAccessExceptions
      .filter(
        (e) =>
          !(e.module in tableOwners) || !ownerOfTable.has(e.table) || ownerOfTable.get(e.table) === e.module,
      )
      .map((e) => `${e.module} -> ${e.table}`);
    expect(wrong).toEqual([]);
    expect(tableAccessExceptions.filter((e) => e.reason.trim() === '')).toEqual([]);
  });

  it("lets a module's code name only the tables it owns, apart from the listed exceptions", () => {
    const excepted = new Set(tableAccessExceptions.map((e) => `${e.module} -> ${e.table}`));
    const used = new Set<string>();
    const unlisted: string[] = [];
    for (const file of moduleSources()) {
      const module = moduleOf(file)!;
      for (const use of scanSource(file, readSource(file), entityByClass).relations) {
        const owner = ownerOfTable.get(use.relation);
        if (!owner || owner === module) continue;
        const pair = `${module} -> ${use.relation}`;
        used.add(pair);
        if (!excepted.has(pair)) {
          unlisted.push(`${file}:${use.line} names ${use.relation} (owner: ${owner}) via ${use.via}`);
        }
      }
    }
    // unlisted: a new cross-module table access; call the owner's service (or move the SQL into the owner's
    // repository). unneeded: an exception the code no longer needs; delete it from table-access-exceptions.ts.
    const unneeded = [...excepted].filter((pair) => !used.has(pair));
    expect({ unlisted, unneeded }).toEqual({ unlisted: [], unneeded: [] });
  });

  it('has the exceptions docs/architecture.md lists', () => {
    const docs = readSource('docs/architecture.md');
    const start = docs.indexOf('<!-- table-exceptions:start -->');
    const end = docs.indexOf('<!-- table-exceptions:end -->');
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const documented: string[] = [];
    for (const line of docs.slice(start, end).split('\n')) {
      const cells = line.split('|').map((cell) => cell.trim());
      const [module, table] = [cells[1], cells[2]].map((cell) => /^`([a-z_-]+)`$/.exec(cell ?? '')?.[1]);
      if (module && table) documented.push(`${module} -> ${table}: ${cells[4]}`);
    }
    expect(documented.sort()).toEqual(
      tableAccessExceptions.map((e) => `${e.module} -> ${e.table}: ${e.reason}`).sort(),
    );
  });

  it('is the map docs/architecture.md shows', () => {
    const docs = readSource('docs/architecture.md');
    const start = docs.indexOf('<!-- table-map:start -->');
    const end = docs.indexOf('<!-- table-map:end -->');
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const documented: Record<string, string[]> = {};
    for (const line of docs.slice(start, end).split('\n')) {
      const cells = line.split('|').map((cell) => cell.trim());
      const module = /^`([a-z-]+)`$/.exec(cells[1] ?? '')?.[1];
      if (!module) continue;
      documented[module] = [...(cells[2] ?? '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).sort();
    }
    const expected = Object.fromEntries(
      Object.entries(tableOwners).map(([m, tables]) => [m, [...tables].sort()]),
    );
    expect(documented).toEqual(expected);
  });
});
