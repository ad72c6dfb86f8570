import type { WebhookDelivery, WebhookEventType } from './webhooks-api';

/**
 * The events an endpoint may subscribe to, as the checklist shows them. Keyed by type so that an event the
 * API adds (the generated client's enum) fails the build until it has a label here.
 */
const EVENT_LABELS: Record<WebhookEventType, { readonly label: string; readonly description: string }> = {
  'link.clicked': {
    label: 'Link clicked',
    description: 'Someone clicked one of your tracker links (bots excluded). Can be many.',
  },
  'listener.connected': {
    label: 'Listener connected',
    description: 'A listener connected Spotify through one of your links.',
  },
  'play.attributed': {
    label: 'Play attributed',
    description: 'A play was credited to a campaign, or its credit changed.',
  },
  'listener.erased': {
    label: 'Listener erased',
    description: 'A listener erased their data: erase what you hold about them too.',
  },
  'campaign.created': { label: 'Campaign created', description: 'A campaign was created.' },
  'campaign.updated': {
    label: 'Campaign updated',
    description: 'Its name, status, destination or dates changed.',
  },
  'campaign.deleted': { label: 'Campaign deleted', description: 'A campaign was deleted, with its links.' },
  'link.created': { label: 'Link created', description: 'A tracker link was created.' },
  'link.updated': {
    label: 'Link updated',
    description: 'Its slug, label, UTM values, state or expiry changed.',
  },
  'link.deleted': { label: 'Link deleted', description: 'A tracker link was deleted.' },
};

export const WEBHOOK_EVENTS: readonly {
  readonly type: WebhookEventType;
  /** The checkbox's form control name: `link_clicked` (Angular form keys cannot hold a dot). */
  readonly key: string;
  readonly label: string;
  readonly description: string;
}[] = (Object.keys(EVENT_LABELS) as WebhookEventType[]).map((type) => ({
  type,
  key: type.replace('.', '_'),
  ...EVENT_LABELS[type],
}));

/** "Link clicked" for `link.clicked`; the test event and unknown types show as they are. */
export function eventLabel(type: string): string {
  if (type === 'webhook.test') return 'Test event';
  return EVENT_LABELS[type as WebhookEventType]?.label ?? type;
}

/** The reason the API stores when the owner disables an endpoint themselves (webhooks.service.ts). */
export const DISABLED_BY_OWNER = 'disabled by its owner';

export type EndpointState =
  | { readonly kind: 'enabled'; readonly failingSince: string | null }
  | { readonly kind: 'paused' }
  | { readonly kind: 'disabled-by-system'; readonly reason: string };

/** Enabled, paused by the owner, or disabled by Soundlink (a 410 answer, 5 days of failures) with why. */
export function endpointState(webhook: {
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
}): EndpointState {
  if (webhook.enabled) return { kind: 'enabled', failingSince: webhook.failingSince };
  if (!webhook.disabledReason || webhook.disabledReason === DISABLED_BY_OWNER) return { kind: 'paused' };
  return { kind: 'disabled-by-system', reason: webhook.disabledReason };
}

/** The status column of the delivery log. */
export function deliveryStatusLabel(delivery: Pick<WebhookDelivery, 'status' | 'attempts'>): string {
  switch (delivery.status) {
    case 'delivered':
      return 'Delivered';
    case 'failed':
      return 'Failed';
    default:
      return delivery.attempts > 0 ? 'Retrying' : 'Pending';
  }
}

/** What the last attempt got: "HTTP 200", or why it got no answer. */
export function lastAnswer(delivery: Pick<WebhookDelivery, 'responseStatus' | 'error' | 'attempts'>): string {
  if (delivery.responseStatus !== null) return `HTTP ${delivery.responseStatus}`;
  if (delivery.error) return delivery.error;
  return delivery.attempts > 0 ? 'No answer' : 'Not sent yet';
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * An API reason on a field as a sentence: "URL must use https.", "URL: the host x does not resolve." (the
 * reasons that are not a predicate get a colon).
 */
export function fieldReasonText(label: string, reasons: readonly string[]): string {
  return reasons
    .map((reason) =>
      /^(must|is|are|each|should|resolves|has)\b/.test(reason)
        ? `${label} ${reason}.`
        : `${label}: ${reason}.`,
    )
    .join(' ');
}
