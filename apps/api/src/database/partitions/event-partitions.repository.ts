import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PARTITIONED_TABLES, PartitionedTable, PartitionRange } from './partition-ranges';

export interface Partition {
  name: string;
  /** Null for the DEFAULT partition. */
  from: Date | null;
  to: Date | null;
}

/** One key for every change to the partitions of clicks and plays: processes starting together take turns. */
const PARTITIONS_LOCK = 'SELECT pg_advisory_xact_lock(hashtext($1))';
const LOCK_KEY = 'soundlink.event-partitions';
/**
 * A partition change waits this long for the table's lock, then gives up until the next run (the months ahead
 * leave months of slack). While it waits, every query and insert of the table queues behind it: the poller's
 * writes stall for at most this long behind a long report holding the table.
 */
const LOCK_TIMEOUT = "SET LOCAL lock_timeout = '2s'";

const NAME = /^[a-z]+_(y\d{4}(m\d{2})?|default)$/;

function ident(name: string): string {
  if (!NAME.test(name)) throw new Error(`Not a partition name: ${name}`);
  return `"${name}"`;
}

/**
 * The partitions of clicks and plays (PostgreSQL declarative partitioning, migration PartitionClicksAndPlays):
 * listed from the catalog, created (moving the rows the DEFAULT partition already holds for the range), and
 * dropped whole. Statements that name a partition rather than the parent fire none of the parent's
 * statement-level triggers: moving rows out of DEFAULT counts nothing twice, and dropping a partition leaves
 * the rollups, trends counts and queues as they are (the aggregates keep the figures of the dropped rows).
 */
@Injectable()
export class EventPartitionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every partition of `table`, the DEFAULT one included (from/to null), oldest first. */
  async list(
    table: PartitionedTable,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Partition[]> {
    const rows = (await manager.query(
      `SELECT c.relname AS name,
              (regexp_match(b.bound, 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS "from",
              (regexp_match(b.bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS "to"
         FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid
         CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS bound) b
        WHERE i.inhparent = $1::regclass
        ORDER BY 2 NULLS LAST, 1`,
      [`public.${table}`],
    )) as Array<{ name: string; from: Date | null; to: Date | null }>;
    return rows.map((row) => ({ name: row.name, from: row.from, to: row.to }));
  }

  /** Every partition of `table` with its row count (an exact count: for the operator's command). */
  async rowCounts(table: PartitionedTable): Promise<Array<{ name: string; rows: number }>> {
    const counts: Array<{ name: string; rows: number }> = [];
    for (const partition of await this.list(table)) {
      const [{ n }] = (await this.dataSource.query(
        `SELECT count(*)::int AS n FROM ${ident(partition.name)}`,
      )) as Array<{
        n: number;
      }>;
      counts.push({ name: partition.name, rows: n });
    }
    return counts;
  }

  /** The UTC months the DEFAULT partition holds rows of, oldest first. */
  async defaultMonths(table: PartitionedTable): Promise<Date[]> {
    const column = PARTITIONED_TABLES[table];
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT date_trunc('month', ${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS month
         FROM ${ident(`${table}_default`)} ORDER BY 1`,
    )) as Array<{ month: Date }>;
    return rows.map((row) => row.month);
  }

  /**
   * Creates the partition `range` of `table`, unless a partition already covers part of it (false). Rows the
   * DEFAULT partition holds for the range move into it first (PostgreSQL refuses a new partition whose rows sit
   * in DEFAULT): the parent table is locked meanwhile (queries and inserts of clicks or plays wait: milliseconds
   * for an empty range, as long as the move for rows found in DEFAULT), the move names the partitions (no
   * trigger of the parent fires), then the filled table is attached.
   */
  async create(table: PartitionedTable, range: PartitionRange): Promise<boolean> {
    const column = PARTITIONED_TABLES[table];
    const bounds = [range.from.toISOString(), range.to.toISOString()];
    let moved = false;
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query(LOCK_TIMEOUT);
      await manager.query(PARTITIONS_LOCK, [LOCK_KEY]);
      const taken = (await this.list(table, manager)).some(
        (p) => p.from !== null && p.to !== null && p.from < range.to && range.from < p.to,
      );
      if (taken) return false;
      // The parent first, as every insert and query takes its locks (parent, then partitions): taking the
      // DEFAULT partition's lock first could deadlock with an insert. Creating a partition needs this lock anyway.
      await manager.query(`LOCK TABLE ONLY "${table}" IN ACCESS EXCLUSIVE MODE`);
      const fallback = ident(`${table}_default`);
      const [{ stray }] = (await manager.query(
        `SELECT EXISTS (SELECT 1 FROM ${fallback} WHERE ${column} >= $1 AND ${column} < $2) AS stray`,
        bounds,
      )) as Array<{ stray: boolean }>;
      const name = ident(range.name);
      const forValues = `FOR VALUES FROM ('${bounds[0]}') TO ('${bounds[1]}')`;
      if (!stray) {
        await manager.query(`CREATE TABLE ${name} PARTITION OF "${table}" ${forValues}`);
        return true;
      }
      await manager.query(`CREATE TABLE ${name} (LIKE "${table}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await manager.query(
        `WITH moved AS (DELETE FROM ${fallback} WHERE ${column} >= $1 AND ${column} < $2 RETURNING *)
         INSERT INTO ${name} SELECT * FROM moved`,
        bounds,
      );
      await manager.query(`ALTER TABLE "${table}" ATTACH PARTITION ${name} ${forValues}`);
      moved = true;
      return true;
    });
    // The moved rows left dead tuples in DEFAULT and its indexes. Left there, the planner (DEFAULT's statistics
    // say empty) walked DEFAULT's bloated primary key for every row of an EXISTS over plays: bench:analytics'
    // rollup rebuild went from 73 s to over 20 minutes. VACUUM runs outside a transaction.
    // The filled partition gets its statistics now, not at autovacuum's next look.
    if (moved) {
      await this.dataSource.query(`VACUUM (ANALYZE) ${ident(`${table}_default`)}`);
      await this.dataSource.query(`ANALYZE ${ident(range.name)}`);
    }
    return created;
  }

  /**
   * Refreshes the statistics of the partitioned parents (the table as a whole, which the planner's estimates
   * of joins over clicks or plays use). Autovacuum analyzes each partition but never a partitioned parent
   * (PostgreSQL's documentation, "Updating Planner Statistics"): without this they stay as the migration left
   * them. ANALYZE samples a bounded number of rows per partition and blocks neither reads nor writes.
   */
  async analyzeParents(): Promise<void> {
    for (const table of Object.keys(PARTITIONED_TABLES)) await this.dataSource.query(`ANALYZE "${table}"`);
  }

  /**
   * Drops the partitions of `table` whose whole range ends at or before `cutoff` (never DEFAULT), oldest
   * first, each in a transaction of its own; returns their names. Dropping fires no delete trigger: the
   * rollups keep the totals of the dropped rows.
   */
  async dropPartitionsOlderThan(table: PartitionedTable, cutoff: Date): Promise<string[]> {
    const expired = (await this.list(table)).filter((p) => p.to !== null && p.to <= cutoff);
    const dropped: string[] = [];
    for (const partition of expired) {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(LOCK_TIMEOUT);
        await manager.query(PARTITIONS_LOCK, [LOCK_KEY]);
        await manager.query(`LOCK TABLE ONLY "${table}" IN ACCESS EXCLUSIVE MODE`);
        await manager.query(`DROP TABLE IF EXISTS ${ident(partition.name)}`);
      });
      dropped.push(partition.name);
    }
    return dropped;
  }
}
