import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../common/errors/api-error';
import { TokenCipher } from '../../common/security/token-cipher';
import { AppConfig } from '../../config/app-config';
import { actorOf, AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import type { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import type { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import type { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookClock } from './webhook-clock.service';
import { WEBHOOK_TEST_EVENT } from './webhook-events';
import { newWebhookSecret } from './webhook-signing';
import { checkTarget } from './webhook-target';
import { targetRefused, webhookDisabled } from './webhooks.errors';

/** How long a rotated secret keeps signing beside the new one. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/**
 * An owner's webhook endpoints: the rules behind /api/v1/webhooks. Every lookup is by owner and id, so another
 * owner's endpoint or delivery is not found (404), never shown or changed. Changes are audited.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly cipher: TokenCipher,
    private readonly clock: WebhookClock,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async create(
    principal: Principal,
    body: CreateWebhookDto,
    requestId?: string,
  ): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
    await this.checkUrl(body.url);
    const secret = newWebhookSecret();
    const endpoint = await this.endpoints.insert({
      ownerId: principal.ownerId,
      url: body.url,
      events: [...new Set(body.events)],
      description: body.description ?? '',
      enabled: true,
      secretEnc: this.cipher.encrypt(secret),
    });
    await this.audit.record(actorOf(principal, requestId), 'webhook.created', 'webhook', endpoint.id, {
      url: endpoint.url,
      events: endpoint.events,
    });
    return { endpoint, secret };
  }

  list(ownerId: string): Promise<WebhookEndpointEntity[]> {
    return this.endpoints.listOfOwner(ownerId);
  }

  async get(ownerId: string, id: string): Promise<WebhookEndpointEntity> {
    const endpoint = await this.endpoints.findOfOwner(ownerId, id);
    if (!endpoint) throw new NotFoundError('Webhook');
    return endpoint;
  }

  async update(
    principal: Principal,
    id: string,
    body: UpdateWebhookDto,
    requestId?: string,
  ): Promise<WebhookEndpointEntity> {
    const endpoint = await this.get(principal.ownerId, id);
    const changes: Record<string, unknown> = {};
    if (body.url !== undefined && body.url !== endpoint.url) {
      await this.checkUrl(body.url);
      endpoint.url = changes['url'] = body.url;
    }
    if (body.events !== undefined) endpoint.events = changes['events'] = [...new Set(body.events)];
    if (body.description !== undefined) endpoint.description = changes['description'] = body.description;
    if (body.enabled !== undefined && body.enabled !== endpoint.enabled) {
      changes['enabled'] = body.enabled;
      endpoint.enabled = body.enabled;
      endpoint.disabledAt = body.enabled ? null : this.clock.now();
      endpoint.disabledReason = body.enabled ? null : 'disabled by its owner';
      // Enabled again: the 5 days of failures count from the next failed attempt.
      if (body.enabled) endpoint.failingSince = null;
    }
    const saved = await this.endpoints.save(endpoint);
    if (Object.keys(changes).length > 0) {
      await this.audit.record(actorOf(principal, requestId), 'webhook.updated', 'webhook', id, changes);
    }
    return saved;
  }

  async delete(principal: Principal, id: string, requestId?: string): Promise<void> {
    if (!(await this.endpoints.deleteOfOwner(principal.ownerId, id))) throw new NotFoundError('Webhook');
    await this.audit.record(actorOf(principal, requestId), 'webhook.deleted', 'webhook', id);
  }

  /** A new secret; the current one keeps signing beside it for 24 h (two signatures), then stops. */
  async rotateSecret(
    principal: Principal,
    id: string,
    requestId?: string,
  ): Promise<{ secret: string; previousSecretExpiresAt: Date }> {
    const endpoint = await this.get(principal.ownerId, id);
    const secret = newWebhookSecret();
    const previousSecretExpiresAt = new Date(this.clock.now().getTime() + ROTATION_OVERLAP_MS);
    endpoint.previousSecretEnc = endpoint.secretEnc;
    endpoint.previousSecretExpiresAt = previousSecretExpiresAt;
    endpoint.secretEnc = this.cipher.encrypt(secret);
    await this.endpoints.save(endpoint);
    await this.audit.record(actorOf(principal, requestId), 'webhook.secret_rotated', 'webhook', id, {
      previousSecretExpiresAt: previousSecretExpiresAt.toISOString(),
    });
    return { secret, previousSecretExpiresAt };
  }

  /** Queues a `webhook.test` event for this endpoint, due now. */
  async sendTest(ownerId: string, id: string): Promise<WebhookDeliveryEntity> {
    const endpoint = await this.get(ownerId, id);
    if (!endpoint.enabled) throw webhookDisabled(endpoint.disabledReason);
    const now = this.clock.now();
    return this.deliveries.enqueue(
      endpoint.id,
      WEBHOOK_TEST_EVENT,
      {
        type: WEBHOOK_TEST_EVENT,
        timestamp: now.toISOString(),
        data: { webhookId: endpoint.id, message: 'A test event from Soundlink.' },
      },
      now,
    );
  }

  async deliveriesOf(ownerId: string, id: string, limit: number, before?: string) {
    const endpoint = await this.get(ownerId, id);
    return this.deliveries.listOfEndpoint(endpoint.id, limit, before);
  }

  /** Makes one delivery due now again (whatever its status); the endpoint must be enabled to send it. */
  async retryDelivery(ownerId: string, id: string, deliveryId: string): Promise<WebhookDeliveryEntity> {
    const endpoint = await this.get(ownerId, id);
    const delivery = await this.deliveries.findOfEndpoint(endpoint.id, deliveryId);
    if (!delivery) throw new NotFoundError('Delivery');
    if (!endpoint.enabled) throw webhookDisabled(endpoint.disabledReason);
    await this.deliveries.retry(delivery.id, this.clock.now());
    return (await this.deliveries.findOfEndpoint(endpoint.id, deliveryId)) as WebhookDeliveryEntity;
  }

  private async checkUrl(url: string): Promise<void> {
    const check = await checkTarget(url, this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    if (!check.ok) throw targetRefused(check.reason);
  }
}
