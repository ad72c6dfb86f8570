import { inject, Injectable } from '@angular/core';
import type { ApiSchema } from '@soundlink/api-client';
import { API_CLIENT } from '../../core/api-client';
import { apiResult, ApiResult } from '../../core/api-problem';

export type Webhook = ApiSchema<'WebhookDto'>;
export type CreatedWebhook = ApiSchema<'CreatedWebhookDto'>;
export type WebhookSecret = ApiSchema<'WebhookSecretDto'>;
export type WebhookEventType = Webhook['events'][number];
export type WebhookDelivery = ApiSchema<'WebhookDeliveryDto'>;
export type WebhookChanges = ApiSchema<'UpdateWebhookDto'>;

/** The signed-in owner's webhook endpoints and their delivery logs (docs/webhooks.md), as ApiResults. */
@Injectable({ providedIn: 'root' })
export class WebhooksApi {
  private readonly client = inject(API_CLIENT);

  webhooks(): Promise<ApiResult<{ items: Webhook[] }>> {
    return apiResult(this.client.GET('/api/v1/webhooks'));
  }

  /** A new endpoint; its signing secret is in this answer only. */
  createWebhook(body: {
    url: string;
    events: WebhookEventType[];
    description?: string;
  }): Promise<ApiResult<CreatedWebhook>> {
    return apiResult(this.client.POST('/api/v1/webhooks', { body }));
  }

  updateWebhook(id: string, body: WebhookChanges): Promise<ApiResult<Webhook>> {
    return apiResult(this.client.PATCH('/api/v1/webhooks/{id}', { params: { path: { id } }, body }));
  }

  deleteWebhook(id: string): Promise<ApiResult<unknown>> {
    return apiResult(this.client.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } }));
  }

  /** A new secret, shown in this answer only; the previous one also signs until `previousSecretExpiresAt`. */
  rotateSecret(id: string): Promise<ApiResult<WebhookSecret>> {
    return apiResult(this.client.POST('/api/v1/webhooks/{id}/rotate-secret', { params: { path: { id } } }));
  }

  /** Queues a `webhook.test` event; answers its delivery (pending). */
  sendTest(id: string): Promise<ApiResult<WebhookDelivery>> {
    return apiResult(this.client.POST('/api/v1/webhooks/{id}/test', { params: { path: { id } } }));
  }

  /** The delivery log, newest first; `before` is the previous page's last delivery id. */
  deliveries(id: string, limit: number, before?: string): Promise<ApiResult<{ items: WebhookDelivery[] }>> {
    return apiResult(
      this.client.GET('/api/v1/webhooks/{id}/deliveries', {
        params: { path: { id }, query: before ? { limit, before } : { limit } },
      }),
    );
  }

  retryDelivery(id: string, deliveryId: string): Promise<ApiResult<WebhookDelivery>> {
    return apiResult(
      this.client.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry', {
        params: { path: { id, deliveryId } },
      }),
    );
  }
}
