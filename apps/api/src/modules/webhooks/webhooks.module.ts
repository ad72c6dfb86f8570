import { Module } from '@nestjs/common';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookClock } from './webhook-clock.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Outgoing webhooks (docs/webhooks.md): endpoints and their API, the outbox (written by triggers in the
 * transaction of each change, and by recordListenerErased), and the delivery worker.
 */
@Module({
  controllers: [WebhooksController],
  providers: [
    WebhooksService,
    WebhookEndpointsRepository,
    WebhookDeliveriesRepository,
    WebhookClock,
    WebhookDeliveryWorker,
  ],
  exports: [WebhookClock, WebhookDeliveryWorker],
})
export class WebhooksModule {}
