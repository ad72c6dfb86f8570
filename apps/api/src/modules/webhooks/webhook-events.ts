/** The event types an endpoint may subscribe to. The names are a contract with integrators: never rename one. */
export const WEBHOOK_EVENT_TYPES = [
  'link.clicked',
  'listener.connected',
  'play.attributed',
  'listener.erased',
  'campaign.created',
  'campaign.updated',
  'campaign.deleted',
  'link.created',
  'link.updated',
  'link.deleted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent by POST /webhooks/{id}/test only; not subscribable. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * Waits after the 1st, 2nd, … failed attempt (Standard Webhooks' schedule, as Svix uses): 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h; after the 8th failed attempt the delivery is given up (status failed).
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
] as const;

/** ±10 %: endpoints that failed together do not all come back at the same second. */
export const RETRY_JITTER = 0.1;

/** An endpoint failing every attempt for this long (no success in between) is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;

/** Per attempt: connect, send, and read the answer's head and first kilobyte. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

/** A body larger than this is never sent: the delivery fails with that reason (docs/webhooks.md). */
export const PAYLOAD_MAX_BYTES = 256 * 1024;

/** Delivered and given-up deliveries are deleted this long after they were created. */
export const DELIVERY_LOG_RETENTION_MS = 30 * 24 * 3_600_000;

/** How much of an answer's body is kept for the delivery log. */
export const RESPONSE_BODY_MAX_BYTES = 1024;

/**
 * The wait before the next attempt after `attempts` failed ones, with jitter; undefined once the schedule is
 * exhausted. `random` is in [0, 1).
 */
export function retryDelayMs(attempts: number, random: number = Math.random()): number | undefined {
  const base = RETRY_DELAYS_MS[attempts - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random));
}
