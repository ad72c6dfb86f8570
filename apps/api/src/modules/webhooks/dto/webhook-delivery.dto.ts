import { ApiProperty } from '@nestjs/swagger';
import type { WebhookDeliveryEntity } from '../webhook-delivery.entity';

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    example: 'msg_0190c5c4-6d2f-7b43-9a8e-2f1c1f0b7a11',
    description: 'The webhook-id header sent.',
  })
  messageId!: string;

  @ApiProperty({ example: 'link.clicked' })
  eventType!: string;

  @ApiProperty({
    enum: ['pending', 'delivered', 'failed'],
    description:
      'pending: waiting for its next attempt; failed: given up (schedule exhausted, 410, over the cap).',
  })
  status!: 'pending' | 'delivered' | 'failed';

  @ApiProperty({ type: 'integer' })
  attempts!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null unless pending.' })
  nextAttemptAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAttemptAt!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The last answer’s HTTP status.' })
  responseStatus!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'The first kilobyte of the last answer’s body.' })
  responseBody!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last attempt got no answer (timeout, connection error, refused address).',
  })
  error!: string | null;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The last attempt’s duration, in milliseconds.',
  })
  durationMs!: number | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The body sent: {type, timestamp, data}.',
  })
  payload!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt!: string | null;

  static from(row: WebhookDeliveryEntity): WebhookDeliveryDto {
    return {
      id: row.id,
      messageId: `msg_${row.eventId}`,
      eventType: row.eventType,
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
      lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
      responseStatus: row.responseStatus,
      responseBody: row.responseBody,
      error: row.error,
      durationMs: row.durationMs,
      payload: row.payload,
      createdAt: row.createdAt.toISOString(),
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
    };
  }
}

export class WebhookDeliveryListDto {
  @ApiProperty({ type: [WebhookDeliveryDto] })
  items!: WebhookDeliveryDto[];
}
