import type { Webhook, WebhookDelivery } from '../app/features/settings/webhooks-api';

/** Webhook endpoints and deliveries as the API answers them, for the SPA's specs. */
export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
export const ROTATED = 'whsec_c2Vjb25kIHNlY3JldCBmb3IgdGVzdHM=';
export const WEBHOOK_ID = '0193944c-0000-7000-8000-0000000000a1';

export function webhook(overrides: Partial<Webhook> = {}): Webhook {
  return {
    id: WEBHOOK_ID,
    url: 'https://hooks.example.com/soundlink',
    events: ['link.clicked', 'play.attributed'],
    description: 'CRM sync',
    enabled: true,
    disabledReason: null,
    disabledAt: null,
    failingSince: null,
    previousSecretExpiresAt: null,
    createdAt: '2026-12-01T09:30:00.000Z',
    updatedAt: '2026-12-01T09:30:00.000Z',
    ...overrides,
  };
}

export function delivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: '0193944c-0000-7000-8000-0000000000d1',
    messageId: 'msg_0193944c-0000-7000-8000-0000000000e1',
    eventType: 'webhook.test',
    status: 'delivered',
    attempts: 1,
    nextAttemptAt: null,
    lastAttemptAt: '2026-12-05T12:00:01.000Z',
    responseStatus: 200,
    responseBody: 'thanks',
    error: null,
    durationMs: 42,
    payload: {
      type: 'webhook.test',
      timestamp: '2026-12-05T12:00:00.000Z',
      data: { webhookId: WEBHOOK_ID, message: 'A test event from Soundlink.' },
    },
    createdAt: '2026-12-05T12:00:00.000Z',
    deliveredAt: '2026-12-05T12:00:01.000Z',
    ...overrides,
  };
}
