import type { EntityManager } from 'typeorm';

/**
 * The one diff-and-apply of the analytics first-event tables (`analytics_connects`: each (campaign, listener)'s
 * first linked click; `analytics_listener_firsts`: each (campaign, generation, listener)'s first attributed
 * play). A batch recomputes the rows of the keys it touched from the raw tables, compares them with the stored
 * ones, replaces the rows that changed and moves the rollup counts by one for each row that left or arrived.
 * Each table supplies its statements as a `FirstEventTable`; this file holds no SQL of its own.
 */

/** A first-event table's key names at least a campaign and a listener (its statements filter on both). */
export interface FirstEventKey {
  campaign_id: string;
  listener_id: string;
}

/**
 * The campaigns and listeners of the keys refreshed: the statements filter on both arrays (a plan that stays
 * index-backed even with stale statistics, right after a bulk load), so they may see rows of keys not asked
 * for (another campaign's row of one of the listeners); those are left alone.
 */
export interface FirstEventScope {
  campaigns: string[];
  listeners: string[];
}

/** A row that left (-1) or arrived (+1), for the rollup counts. */
export type FirstEventDelta<Row> = Row & { delta: number };

export interface FirstEventTable<Key extends FirstEventKey, Row extends Key> {
  /** The key of a row (or of a key asked for), as a string. */
  key(row: Key): string;
  /** The rows as the raw tables give them now, for the scope. */
  derive(manager: EntityManager, scope: FirstEventScope): Promise<Row[]>;
  /** The rows stored, for the scope. */
  stored(manager: EntityManager, scope: FirstEventScope): Promise<Row[]>;
  /** Whether the stored row still stands for the derived one (nothing to write). */
  same(stored: Row, derived: Row): boolean;
  /** Whether a row counts in the rollups (its arrival adds one to its bucket, its departure takes one away). */
  counts(row: Row): boolean;
  /** Deletes these stored rows (by key). */
  delete(manager: EntityManager, rows: Row[], scope: FirstEventScope): Promise<void>;
  insert(manager: EntityManager, rows: Row[]): Promise<void>;
  /** Adds the deltas to the rollup counts of the rows' buckets. */
  moveCounts(manager: EntityManager, deltas: Array<FirstEventDelta<Row>>): Promise<void>;
}

export interface FirstEventChanges<Row> {
  /** Stored rows replaced or gone. */
  removed: Row[];
  /** Derived rows new or replacing a stored one. */
  added: Row[];
  deltas: Array<FirstEventDelta<Row>>;
}

/** What changes for these keys between the stored and the derived rows (keys in their given order). */
export function firstEventChanges<Key extends FirstEventKey, Row extends Key>(
  table: Pick<FirstEventTable<Key, Row>, 'key' | 'same' | 'counts'>,
  keys: readonly Key[],
  stored: readonly Row[],
  derived: readonly Row[],
): FirstEventChanges<Row> {
  const storedBy = new Map(stored.map((r) => [table.key(r), r]));
  const derivedBy = new Map(derived.map((r) => [table.key(r), r]));
  const changes: FirstEventChanges<Row> = { removed: [], added: [], deltas: [] };
  for (const key of keys) {
    const before = storedBy.get(table.key(key));
    const after = derivedBy.get(table.key(key));
    if (!before && !after) continue;
    if (before && after && table.same(before, after)) continue;
    if (before) {
      changes.removed.push(before);
      if (table.counts(before)) changes.deltas.push({ ...before, delta: -1 });
    }
    if (after) {
      changes.added.push(after);
      if (table.counts(after)) changes.deltas.push({ ...after, delta: 1 });
    }
  }
  return changes;
}

/**
 * Recomputes the first events of these keys (distinct keys) and applies what changed: stored rows replaced or
 * gone are deleted, new rows inserted, the counts moved. Runs in the caller's transaction.
 */
export async function refreshFirstEvents<Key extends FirstEventKey, Row extends Key>(
  manager: EntityManager,
  table: FirstEventTable<Key, Row>,
  keys: readonly Key[],
): Promise<FirstEventChanges<Row>> {
  if (keys.length === 0) return { removed: [], added: [], deltas: [] };
  const scope: FirstEventScope = {
    campaigns: [...new Set(keys.map((k) => k.campaign_id))],
    listeners: [...new Set(keys.map((k) => k.listener_id))],
  };
  const derived = await table.derive(manager, scope);
  const stored = await table.stored(manager, scope);
  const changes = firstEventChanges(table, keys, stored, derived);
  if (changes.removed.length > 0) await table.delete(manager, changes.removed, scope);
  if (changes.added.length > 0) await table.insert(manager, changes.added);
  if (changes.deltas.length > 0) await table.moveCounts(manager, changes.deltas);
  return changes;
}
