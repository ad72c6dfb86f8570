import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ListenerStatus } from './listener.entity';
import { updatedRows } from '../../database/updated-rows';

export interface StoredTokenRow {
  status: ListenerStatus;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_expires_at: Date | null;
}

export interface EncryptedTokens {
  accessTokenEnc: string;
  refreshTokenEnc: string;
  expiresAt: Date;
  scope?: string;
}

/** The listeners table's token columns: read under a row lock, written by compare-and-swap. */
@Injectable()
export class ListenerTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in a transaction (the row lock of `lock` lasts until it ends). */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Outside a transaction (the embedded database: one process, one session). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * The listener's tokens; with `lock`, locked until the transaction ends (another refresher waits, then
   * reads ours).
   */
  async read(manager: EntityManager, listenerId: string, lock: boolean): Promise<StoredTokenRow | null> {
    const [row] = (await manager.query(
      `SELECT status, access_token_enc, refresh_token_enc, token_expires_at
         FROM listeners WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [listenerId],
    )) as StoredTokenRow[];
    return row ?? null;
  }

  /**
   * Stores refreshed tokens only if the refresh token is still the one the refresh used (compare-and-swap),
   * and not for a listener who disconnected meanwhile. False when nothing was written.
   */
  async swap(
    manager: EntityManager,
    listenerId: string,
    usedRefreshTokenEnc: string,
    tokens: EncryptedTokens,
  ): Promise<boolean> {
    const rows = updatedRows<{ id: string }>(
      await manager.query(
        `UPDATE listeners
            SET access_token_enc = $3, refresh_token_enc = $4, token_expires_at = $5,
                scope = COALESCE($6, scope), updated_at = now()
          WHERE id = $1 AND refresh_token_enc = $2 AND status <> 'disconnected'
      RETURNING id`,
        [
          listenerId,
          usedRefreshTokenEnc,
          tokens.accessTokenEnc,
          tokens.refreshTokenEnc,
          tokens.expiresAt,
          tokens.scope ?? null,
        ],
      ),
    );
    return rows.length > 0;
  }
}
