import type { ClientBase } from 'pg';

/**
 * The SQL of `npm run backup` and `npm run restore`: generic over the tables of the `public` schema (found in
 * the catalog at run time), on one `pg` client (the embedded database and a server alike).
 */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** TypeORM's own table: recreated by running the migrations, never copied. */
export const MIGRATIONS_TABLE = 'migrations';

export interface CatalogTable {
  name: string;
  columns: string[];
  /** The tables this one's foreign keys reference (itself excluded). */
  references: string[];
}

/**
 * The backup's snapshot: read-only, SERIALIZABLE DEFERRABLE on a server (it waits for a snapshot no concurrent
 * transaction can invalidate, then never fails or blocks writers), REPEATABLE READ on the embedded database
 * (one session: the app's queries wait for it to finish).
 */
export async function beginSnapshot(client: ClientBase, kind: 'server' | 'embedded'): Promise<void> {
  await client.query(
    kind === 'server'
      ? 'BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE'
      : 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY',
  );
}

export async function commit(client: ClientBase): Promise<void> {
  await client.query('COMMIT');
}

/** Ends a failed transaction; a broken connection is left to end with the client. */
export async function rollback(client: ClientBase): Promise<void> {
  await client.query('ROLLBACK').catch(() => undefined);
}

/** Every table of the public schema but TypeORM's, with its columns (in order) and foreign keys. */
export async function catalogTables(client: ClientBase): Promise<CatalogTable[]> {
  const { rows } = await client.query<{ name: string; columns: string[]; refs: string[] | null }>(
    `SELECT c.relname AS name,
            array(SELECT a.attname::text FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                   ORDER BY a.attnum) AS columns,
            array(SELECT DISTINCT r.relname::text FROM pg_constraint f JOIN pg_class r ON r.oid = f.confrelid
                   WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid <> c.oid) AS refs
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> $1
      ORDER BY c.relname`,
    [MIGRATIONS_TABLE],
  );
  return rows.map((row) => ({ name: row.name, columns: row.columns, references: row.refs ?? [] }));
}

export async function countRows(client: ClientBase, table: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
  return Number(rows[0]?.n ?? 0);
}

/** The migrations applied, oldest first; undefined when the database has no Soundlink schema. */
export async function appliedMigrations(client: ClientBase): Promise<string[] | undefined> {
  const { rows: exists } = await client.query<{ present: boolean }>(
    `SELECT to_regclass('public.${MIGRATIONS_TABLE}') IS NOT NULL AS present`,
  );
  if (!exists[0]?.present) return undefined;
  const { rows } = await client.query<{ name: string }>(
    `SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY timestamp, id`,
  );
  return rows.map((row) => row.name);
}

/** The public sequences but TypeORM's, with their last value (null: never used). */
export async function sequenceValues(
  client: ClientBase,
): Promise<Array<{ name: string; value: string | null }>> {
  const { rows } = await client.query<{ name: string; value: string | null }>(
    `SELECT sequencename AS name, last_value::text AS value FROM pg_sequences
      WHERE schemaname = 'public' AND sequencename <> $1 ORDER BY sequencename`,
    [`${MIGRATIONS_TABLE}_id_seq`],
  );
  return rows;
}

export async function serverVersion(client: ClientBase): Promise<string> {
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  return rows[0]?.server_version ?? 'unknown';
}

/** Opens a cursor over a table's rows as JSON text (inside the snapshot's transaction). */
export async function openRowCursor(client: ClientBase, table: string): Promise<void> {
  await client.query(
    `DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS r FROM ${quoteIdent(table)} t`,
  );
}

export async function fetchRows(client: ClientBase, count: number): Promise<string[]> {
  const { rows } = await client.query<{ r: string }>(`FETCH ${count} FROM backup_rows`);
  return rows.map((row) => row.r);
}

export async function closeRowCursor(client: ClientBase): Promise<void> {
  await client.query('CLOSE backup_rows');
}

/** Tables the migrations fill themselves (the trends' hashing salt): a freshly migrated database is still empty. */
const SEEDED_BY_MIGRATIONS = new Set(['trends_salt']);

/**
 * Tables of the target that hold rows (TypeORM's and the seeded ones excluded), with their counts: what a
 * --force restore replaces.
 */
export async function nonEmptyTables(client: ClientBase): Promise<Array<{ name: string; rows: number }>> {
  const found: Array<{ name: string; rows: number }> = [];
  for (const table of await catalogTables(client)) {
    if (SEEDED_BY_MIGRATIONS.has(table.name)) continue;
    const rows = await countRows(client, table.name);
    if (rows > 0) found.push({ name: table.name, rows });
  }
  return found;
}

/** Whether the public schema holds anything at all (tables, functions, types). */
export async function schemaHasObjects(client: ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public')
          + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public')
          AS n`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** Empties the public schema (restore --force, or a schema without rows) so the migrations start from nothing. */
export async function dropPublicSchema(client: ClientBase): Promise<void> {
  await client.query('DROP SCHEMA public CASCADE');
  await client.query('CREATE SCHEMA public');
}

/**
 * Starts the load: one transaction in which triggers (queues filled by inserts) and foreign-key checks do not
 * fire, since the backup holds the queues and the rows exactly as they were; rows seeded by the migrations go.
 */
export async function beginLoad(client: ClientBase, tables: string[]): Promise<void> {
  await client.query('BEGIN');
  await client.query('SET LOCAL session_replication_role = replica');
  if (tables.length > 0) await client.query(`TRUNCATE ${tables.map(quoteIdent).join(', ')}`);
}

/** Inserts rows given as a JSON array text of row objects. */
export async function insertRows(
  client: ClientBase,
  table: string,
  columns: string[],
  jsonArray: string,
): Promise<void> {
  const list = columns.map(quoteIdent).join(', ');
  await client.query(
    `INSERT INTO ${quoteIdent(table)} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${quoteIdent(table)}, $1::json)`,
    [jsonArray],
  );
}

export async function setSequence(client: ClientBase, name: string, value: string): Promise<void> {
  await client.query(`SELECT setval($1::regclass, $2::bigint, true)`, [quoteIdent(name), value]);
}

/** The key ids (token-cipher.ts: `v1.<key id>.…`) of the encrypted values, per table, with their counts. */
export async function encryptedValueKeys(
  client: ClientBase,
): Promise<Array<{ table: string; keyId: string; rows: number }>> {
  const { rows } = await client.query<{ table: string; key_id: string; n: string }>(
    `SELECT 'listeners' AS table, split_part(refresh_token_enc, '.', 2) AS key_id, count(*) AS n
       FROM listeners WHERE refresh_token_enc IS NOT NULL GROUP BY 2
     UNION ALL
     SELECT 'owner_spotify_accounts', split_part(refresh_token_enc, '.', 2), count(*)
       FROM owner_spotify_accounts WHERE refresh_token_enc IS NOT NULL GROUP BY 2
     UNION ALL
     SELECT 'webhook_endpoints', split_part(secret_enc, '.', 2), count(*)
       FROM webhook_endpoints WHERE secret_enc IS NOT NULL GROUP BY 2`,
  );
  return rows.map((row) => ({ table: row.table, keyId: row.key_id, rows: Number(row.n) }));
}

/**
 * Active listeners whose tokens were encrypted with another key stop being polled and ask to reconnect, as
 * when Spotify refuses their refresh token (listener.entity.ts); answers how many.
 */
export async function markUnreadableListeners(
  client: ClientBase,
  keyId: string,
  reason: string,
): Promise<number> {
  const result = await client.query(
    `UPDATE listeners SET status = 'needs_reconnect', next_poll_at = NULL, last_error = $2, updated_at = now()
      WHERE status = 'active' AND refresh_token_enc IS NOT NULL AND split_part(refresh_token_enc, '.', 2) <> $1`,
    [keyId, reason.slice(0, 300)],
  );
  return result.rowCount ?? 0;
}
