import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * What a listener's erasure (and export) does to tables by name: the listener module's own rows, the
 * streaming-history imports, and any other table or column that names a listener (other modules add theirs:
 * analytics roll-up inputs, queues), found in information_schema.
 */
@Injectable()
export class ListenerErasureRepository {
  /** Every table with a listener_id column (other modules add theirs: attributions, analytics). */
  async tablesWithListenerId(manager: EntityManager): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT c.table_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name = 'listener_id' AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name`,
    )) as Array<{ table_name: string }>;
    return rows.map((r) => r.table_name);
  }

  /** Columns other than listener_id that hold a listener id (e.g. old_listener_id in analytics queues). */
  async otherListenerColumns(
    manager: EntityManager,
  ): Promise<Array<{ table_name: string; column_name: string }>> {
    return (await manager.query(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.column_name LIKE '%\\_listener\\_id' AND c.column_name <> 'listener_id'
          AND c.data_type = 'uuid' AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.column_name`,
    )) as Array<{ table_name: string; column_name: string }>;
  }

  /** The rows of `table` (one of tablesWithListenerId's) that name the listener. */
  async rowsOf(
    manager: EntityManager,
    table: string,
    listenerId: string,
  ): Promise<Array<Record<string, unknown>>> {
    return (await manager.query(`SELECT * FROM "${table}" WHERE listener_id = $1`, [listenerId])) as Array<
      Record<string, unknown>
    >;
  }

  /**
   * The listener's streaming-history imports (the insights module's table, deleted by name here: a batch
   * still writing holds its job row, so it lands before the plays are deleted, or finds its job gone).
   */
  async deleteHistoryImports(manager: EntityManager, listenerId: string): Promise<void> {
    await manager.query('DELETE FROM listening_history_imports WHERE listener_id = $1', [listenerId]);
  }

  /** The listener's plays, observation gaps and row. */
  async deleteListener(manager: EntityManager, listenerId: string): Promise<void> {
    await manager.query('DELETE FROM plays WHERE listener_id = $1', [listenerId]);
    await manager.query('DELETE FROM observation_gaps WHERE listener_id = $1', [listenerId]);
    await manager.query('DELETE FROM listeners WHERE id = $1', [listenerId]);
  }

  /** Replaces the listener's id by `pseudonym` in `column` of `table`. */
  async pseudonymise(
    manager: EntityManager,
    table: string,
    column: string,
    listenerId: string,
    pseudonym: string,
  ): Promise<void> {
    await manager.query(`UPDATE "${table}" SET "${column}" = $2 WHERE "${column}" = $1`, [
      listenerId,
      pseudonym,
    ]);
  }
}
