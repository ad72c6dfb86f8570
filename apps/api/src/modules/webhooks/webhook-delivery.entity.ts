import {
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { WebhookDeliveryStatus } from './webhook-events';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/**
 * The transactional outbox: one row per event and endpoint, written in the transaction of the change it
 * reports (by the triggers of migration WebhookOutbox, or by `recordListenerErased` and the API), so a row
 * exists if and only if its change committed. The delivery worker claims due rows (FOR UPDATE SKIP LOCKED),
 * and the row then keeps the delivery log: attempts, the last answer's status, first kilobyte and duration.
 */
@Entity('webhook_deliveries')
@Index('IX_webhook_deliveries_due', ['nextAttemptAt'], { where: "status = 'pending'" })
@Index('IX_webhook_deliveries_endpoint_time', ['endpointId', 'createdAt'])
@Index('UQ_webhook_deliveries_dedupe', ['endpointId', 'dedupeKey'], {
  unique: true,
  where: 'dedupe_key IS NOT NULL',
})
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The webhook-id header (`msg_<event id>`): the same on every attempt, for the receiver's de-duplication. */
  @Column({ name: 'event_id', type: 'uuid' })
  @Generated('uuid')
  eventId: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId: string;

  @ManyToOne(() => WebhookEndpointEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: WebhookEndpointEntity;

  @Column({ name: 'event_type', type: 'varchar', length: 40 })
  eventType: string;

  /** The body sent: `{type, timestamp, data}`. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: WebhookDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus: number | null;

  /** The first kilobyte of the last answer's body. */
  @Column({ name: 'response_body', type: 'varchar', length: 1024, nullable: true })
  responseBody: string | null;

  /** Why the last attempt failed without an answer (timeout, refused address, connection error). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  error: string | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs: number | null;

  /**
   * Several changes of one row in one transaction make one event: `<type>:<row id>:<transaction id>`, written
   * with ON CONFLICT DO UPDATE (an attribution inserted, then its credit re-split, in one ingest). Null: unique.
   */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 120, nullable: true })
  dedupeKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
