import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * clicks and plays become range-partitioned on their time column (issue 20): monthly partitions (yearly ones
 * for data older than the previous calendar year, e.g. an imported streaming history), a DEFAULT partition for
 * any row outside them, all in UTC. database/partitions creates the partitions ahead and drops expired ones.
 *
 * Written against the table's definition at the time it runs, not a copy of it: the old table is renamed, the
 * new parent is created LIKE it (defaults, constraints, storage, comments), the data is copied, then its
 * indexes and its triggers are re-created from pg_get_indexdef / pg_get_triggerdef as read before the rename,
 * and the sequences it owned (plays.id) are handed to the new table. The primary key gains the partition
 * column, as PostgreSQL requires of a partitioned table (the entities say so too).
 *
 * The copy fires no trigger: the new parent has none until the rows are in (the rollups, trends counts,
 * attribution and webhook queues already counted those rows when they were first inserted). The triggers are
 * statement-level AFTER triggers with transition tables on the parent: PostgreSQL fires them once per
 * statement on the parent, with the rows of every partition it touched, and never for statements that name a
 * partition directly (which is how database/partitions moves rows out of the DEFAULT partition).
 */
const TABLES = [
  {
    table: 'clicks',
    column: 'clicked_at',
    pk: 'PK_f78e932f78fd38547cfa8873002',
    oldPk: 'PK_7765d7ffdeb0ed2675651020814',
  },
  {
    table: 'plays',
    column: 'played_at',
    pk: 'PK_5aad8c1ab0fabda261878db5e3e',
    oldPk: 'PK_d2e16be5395a94fdc41ab0f999d',
  },
];

/**
 * Rebuilds public.<table> from public.<table>_unpartitioned: `create` makes the new (empty) table, `partitions`
 * adds its partitions (may be empty), then the rows are copied and the indexes, primary key, triggers and
 * sequence ownerships come back. Table names are formatted in (`%I`, the migrations' search_path is public), so
 * the table map's reading of the migrations sees clicks and plays, not their partitions.
 */
function rebuildSql(
  table: string,
  create: string,
  partitions: string,
  pk: string,
  pkColumns: string,
): string {
  return `DO $rebuild$
DECLARE
  tbl text := '${table}';
  old text := '${table}_unpartitioned';
  index_defs text[];
  trigger_defs text[];
  seq record;
  def text;
BEGIN
  SELECT coalesce(array_agg(pg_get_indexdef(i.indexrelid) ORDER BY c.relname), '{}') INTO index_defs
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
   WHERE i.indrelid = format('public.%I', tbl)::regclass AND NOT i.indisprimary;
  SELECT coalesce(array_agg(pg_get_triggerdef(g.oid) ORDER BY g.tgname), '{}') INTO trigger_defs
    FROM pg_trigger g WHERE g.tgrelid = format('public.%I', tbl)::regclass AND NOT g.tgisinternal;
  EXECUTE format('ALTER TABLE %I RENAME TO %I', tbl, old);
  EXECUTE format(${create}, tbl, old);
  ${partitions}
  -- No trigger on the new table yet: the copy is not counted again.
  EXECUTE format('INSERT INTO public.%I SELECT * FROM public.%I', tbl, old);
  FOR seq IN
    SELECT s.oid::regclass AS seq, a.attname AS col
      FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
      JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     WHERE d.refobjid = format('public.%I', old)::regclass AND d.classid = 'pg_class'::regclass AND d.deptype = 'a'
  LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNED BY public.%I.%I', seq.seq, tbl, seq.col);
  END LOOP;
  EXECUTE format('DROP TABLE %I', old);
  FOREACH def IN ARRAY index_defs LOOP EXECUTE def; END LOOP;
  EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I PRIMARY KEY (${pkColumns})', tbl, '${pk}');
  FOREACH def IN ARRAY trigger_defs LOOP EXECUTE def; END LOOP;
  EXECUTE format('ANALYZE public.%I', tbl);
END
$rebuild$`;
}

/**
 * The partitions of a fresh partitioned table: DEFAULT, the months holding data since 1 January of the
 * previous year, the current month and the next three, and one partition per older year holding data.
 */
function partitionsSql(column: string): string {
  return `EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', tbl || '_default', tbl);
  DECLARE
    recent timestamptz := date_trunc('year', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '1 year';
    this_month timestamptz := date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    r record;
  BEGIN
    FOR r IN EXECUTE format(
      $q$SELECT DISTINCT CASE WHEN %1$I < $1 THEN date_trunc('year', %1$I AT TIME ZONE 'UTC')
                               ELSE date_trunc('month', %1$I AT TIME ZONE 'UTC') END AT TIME ZONE 'UTC' AS from_at,
                          %1$I < $1 AS yearly
           FROM public.%2$I
         UNION SELECT $2 + make_interval(months => m), false FROM generate_series(0, 3) AS m
         ORDER BY 1$q$, '${column}', old) USING recent, this_month
    LOOP
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
        tbl || CASE WHEN r.yearly THEN to_char(r.from_at AT TIME ZONE 'UTC', '"_y"YYYY')
                    ELSE to_char(r.from_at AT TIME ZONE 'UTC', '"_y"YYYY"m"MM') END,
        tbl, r.from_at,
        r.from_at + CASE WHEN r.yearly THEN interval '1 year' ELSE interval '1 month' END);
    END LOOP;
  END;`;
}

export class PartitionClicksAndPlays1796485480659 implements MigrationInterface {
  name = 'PartitionClicksAndPlays1796485480659';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, column, pk } of TABLES) {
      const create = `'CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE (${column})'`;
      await queryRunner.query(rebuildSql(table, create, partitionsSql(column), pk, `id, ${column}`));
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, oldPk } of TABLES) {
      const create = `'CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS)'`;
      await queryRunner.query(rebuildSql(table, create, '', oldPk, 'id'));
    }
  }
}
