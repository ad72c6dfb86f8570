import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { updatedRows } from '../../database/updated-rows';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

/** A delivery claimed for an attempt, with what the attempt needs of its endpoint. */
export interface ClaimedDelivery {
  id: string;
  event_id: string;
  event_type: string;
  payload: Record<string, unknown>;
  attempts: number;
  endpoint_id: string;
  owner_id: string;
  url: string;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: Date | null;
}

/** What an attempt leaves in the delivery log. */
export interface AttemptRecord {
  status: number | null;
  body: string | null;
  error: string | null;
  durationMs: number;
}

/** webhook_deliveries: the outbox rows, claimed and updated by the worker, listed and retried through the API. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(WebhookDeliveryEntity);
  }

  /**
   * Claims up to `limit` due deliveries of enabled endpoints, at most `perEndpoint` of each endpoint, skipping
   * rows another worker holds (FOR UPDATE SKIP LOCKED). A claimed row counts the attempt and is leased: its
   * next attempt moves `leaseMs` ahead, so a worker that dies mid-attempt leaves it due again then
   * (at-least-once); the attempt's outcome sets the real next time.
   */
  async claimDue(now: Date, limit: number, perEndpoint: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows = await this.dataSource.query(
      `WITH candidates AS (
         SELECT d.id, row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at, d.id) AS rank
           FROM (SELECT id, endpoint_id, next_attempt_at FROM webhook_deliveries
                  WHERE status = 'pending' AND next_attempt_at <= $1
                  ORDER BY next_attempt_at LIMIT $2 * 10) d
           JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
       ), due AS (
         SELECT d.id FROM webhook_deliveries d
          WHERE d.id IN (SELECT id FROM candidates WHERE rank <= $3)
            AND d.status = 'pending' AND d.next_attempt_at <= $1
          ORDER BY d.next_attempt_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d
          SET attempts = d.attempts + 1, last_attempt_at = $1,
              next_attempt_at = $1::timestamptz + make_interval(secs => $4 / 1000.0)
         FROM due, webhook_endpoints e
        WHERE d.id = due.id AND e.id = d.endpoint_id
       RETURNING d.id, d.event_id, d.event_type, d.payload, d.attempts, d.endpoint_id, e.owner_id, e.url,
                 e.secret_enc, e.previous_secret_enc, e.previous_secret_expires_at`,
      [now, limit, perEndpoint, leaseMs],
    );
    return updatedRows<ClaimedDelivery>(rows);
  }

  async recordSuccess(id: string, attempt: AttemptRecord, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $2, response_status = $3,
              response_body = $4, error = NULL, duration_ms = $5
        WHERE id = $1`,
      [id, at, attempt.status, attempt.body, attempt.durationMs],
    );
  }

  /** A failed attempt: retried at `nextAttemptAt`, or given up (status failed) when it is null. */
  async recordFailure(id: string, attempt: AttemptRecord, nextAttemptAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = CASE WHEN $2::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
              next_attempt_at = coalesce($2, next_attempt_at), response_status = $3, response_body = $4,
              error = $5, duration_ms = $6
        WHERE id = $1`,
      [
        id,
        nextAttemptAt,
        attempt.status,
        attempt.body,
        attempt.error?.slice(0, 300) ?? null,
        attempt.durationMs,
      ],
    );
  }

  /**
   * An endpoint's deliveries, newest first; `before` is the id of the previous page's last one (the rows of one
   * click batch share their creation time, so the id breaks ties).
   */
  listOfEndpoint(endpointId: string, limit: number, before?: string): Promise<WebhookDeliveryEntity[]> {
    const query = this.rows
      .createQueryBuilder('d')
      .where('d.endpoint_id = :endpointId', { endpointId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .take(limit);
    if (before) {
      query.andWhere(
        '(d.created_at, d.id) < (SELECT b.created_at, b.id FROM webhook_deliveries b WHERE b.id = :before)',
        { before },
      );
    }
    return query.getMany();
  }

  findOfEndpoint(endpointId: string, id: string): Promise<WebhookDeliveryEntity | null> {
    return this.rows.findOne({ where: { endpointId, id } });
  }

  /** Due again now (delivered or given up ones too: the receiver asked for it again), attempts kept. */
  async retry(id: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2, delivered_at = NULL WHERE id = $1`,
      [id, now],
    );
  }

  /** Deletes delivered and given-up deliveries created before `before` (the log's retention). */
  async prune(before: Date): Promise<number> {
    const result = await this.rows
      .createQueryBuilder()
      .delete()
      .where("status <> 'pending' AND created_at < :before", { before })
      .execute();
    return result.affected ?? 0;
  }

  /** Writes one event for one endpoint, due now (the test event). */
  async enqueue(
    endpointId: string,
    eventType: string,
    payload: Record<string, unknown>,
    now: Date,
  ): Promise<WebhookDeliveryEntity> {
    return this.rows.save(this.rows.create({ endpointId, eventType, payload, nextAttemptAt: now }));
  }
}
