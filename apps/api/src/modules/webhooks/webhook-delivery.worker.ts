import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Counter } from 'prom-client';
import { TokenCipher } from '../../common/security/token-cipher';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { MetricsService } from '../metrics/metrics.service';
import { AttemptRecord, ClaimedDelivery, WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookClock } from './webhook-clock.service';
import {
  DELIVERY_LOG_RETENTION_MS,
  DISABLE_AFTER_FAILING_MS,
  PAYLOAD_MAX_BYTES,
  retryDelayMs,
} from './webhook-events';
import { AttemptOutcome, postWebhook } from './webhook-http';
import { signatureHeaders } from './webhook-signing';
import { checkTarget } from './webhook-target';

/** Deliveries claimed per round. */
const BATCH = 50;
/** Attempts in flight per endpoint and worker process. */
export const PER_ENDPOINT_CONCURRENCY = 4;
/** A claimed delivery is due again after this if its worker died mid-attempt (longer than an attempt). */
const LEASE_MS = 60_000;

/**
 * Delivers the outbox (docs/webhooks.md). In the worker role (or all): every second, claims due deliveries of
 * enabled endpoints (FOR UPDATE SKIP LOCKED, so several workers share the work), at most
 * PER_ENDPOINT_CONCURRENCY per endpoint, and attempts them in parallel; the next round starts when they are
 * done, at once while rounds find work. Each attempt resolves the endpoint's host once, refuses non-public addresses (unless
 * WEBHOOK_ALLOW_PRIVATE_TARGETS), connects to that address, signs with the endpoint's secret(s) and waits at
 * most 10 s. A 2xx delivers; anything else is retried on RETRY_DELAYS_MS with jitter; a 410 disables the
 * endpoint, and so do 5 days of failures with no success in between. At-least-once: a worker that dies after
 * sending and before recording sends again after the lease.
 */
@Injectable()
export class WebhookDeliveryWorker implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private running?: Promise<number>;
  private stopped = false;
  private readonly attempts: Counter<'outcome'>;

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly clock: WebhookClock,
    private readonly cipher: TokenCipher,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    metrics: MetricsService,
  ) {
    this.attempts = new Counter({
      name: 'soundlink_webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome: delivered, retry (failed, tried again later), failed (given up).',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
  }

  @Interval('webhook-deliveries', 1_000)
  async tick(): Promise<void> {
    if (this.config.SOUNDLINK_ROLE === 'api' || this.running || this.stopped) return;
    try {
      // Rounds back to back while they find work: PER_ENDPOINT_CONCURRENCY bounds the attempts in flight, not
      // the rate. One round a second capped an endpoint at 4 deliveries a second, behind any busy link.
      while (!this.stopped && (await this.runOnce()) > 0);
    } catch (error) {
      this.logger.warn(`Webhook deliveries failed: ${String(error)}`);
    }
  }

  /** Every hour: the delivery log keeps 30 days of delivered and given-up deliveries (pending ones stay). */
  @Interval('webhook-deliveries-prune', 3_600_000)
  async prune(): Promise<void> {
    if (this.config.SOUNDLINK_ROLE === 'api' || this.stopped) return;
    try {
      const pruned = await this.deliveries.prune(
        new Date(this.clock.now().getTime() - DELIVERY_LOG_RETENTION_MS),
      );
      if (pruned > 0) this.logger.log(`Pruned ${pruned} old webhook deliveries`);
    } catch (error) {
      this.logger.warn(`Webhook delivery log prune failed: ${String(error)}`);
    }
  }

  /** Attempts under way finish (at most 10 s) and are recorded before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => 0);
  }

  /** One round (joining the one under way, then running another): answers how many attempts it made. */
  async runOnce(): Promise<number> {
    while (this.running) await this.running.catch(() => 0);
    this.running = this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Rounds until nothing is due, as a tick does (tests, which run the worker by hand). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const attempts = await this.runOnce();
      total += attempts;
      if (attempts === 0) return total;
    }
  }

  private async round(): Promise<number> {
    const claimed = await this.deliveries.claimDue(
      this.clock.now(),
      BATCH,
      PER_ENDPOINT_CONCURRENCY,
      LEASE_MS,
    );
    await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    return claimed.length;
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify(delivery.payload);
    const bytes = Buffer.byteLength(body);
    if (bytes > PAYLOAD_MAX_BYTES) {
      // Never sent: no retry can make it smaller.
      await this.deliveries.recordFailure(
        delivery.id,
        {
          status: null,
          body: null,
          error: `payload of ${bytes} bytes is over the ${PAYLOAD_MAX_BYTES} byte cap`,
          durationMs: 0,
        },
        null,
      );
      this.attempts.inc({ outcome: 'failed' });
      return;
    }
    const outcome = await this.send(delivery, body);
    const record: AttemptRecord = outcome.answered
      ? { status: outcome.status, body: outcome.body, error: null, durationMs: outcome.durationMs }
      : { status: null, body: null, error: outcome.error, durationMs: outcome.durationMs };
    const now = this.clock.now();
    if (outcome.answered && outcome.status >= 200 && outcome.status < 300) {
      await this.deliveries.recordSuccess(delivery.id, record, now);
      this.attempts.inc({ outcome: 'delivered' });
      await this.endpoints.markHealthy(delivery.endpoint_id);
      return;
    }
    if (outcome.answered && outcome.status === 410) {
      await this.deliveries.recordFailure(delivery.id, record, null);
      this.attempts.inc({ outcome: 'failed' });
      await this.disable(delivery, 'the endpoint answered 410 Gone', now);
      return;
    }
    const delay = retryDelayMs(delivery.attempts);
    await this.deliveries.recordFailure(
      delivery.id,
      record,
      delay === undefined ? null : new Date(now.getTime() + delay),
    );
    this.attempts.inc({ outcome: delay === undefined ? 'failed' : 'retry' });
    const failingSince = await this.endpoints.markFailing(delivery.endpoint_id, now);
    if (now.getTime() - failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) {
      await this.disable(
        delivery,
        `every delivery failed for 5 days (since ${failingSince.toISOString()}; last: ${record.status ?? record.error})`,
        now,
      );
    }
  }

  private async send(delivery: ClaimedDelivery, body: string): Promise<AttemptOutcome> {
    const check = await checkTarget(delivery.url, this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
    if (!check.ok) return { answered: false, error: `refused: ${check.reason}`, durationMs: 0 };
    let secrets: string[];
    try {
      secrets = [this.cipher.decrypt(delivery.secret_enc)];
      const overlap = delivery.previous_secret_expires_at;
      if (delivery.previous_secret_enc && overlap && overlap.getTime() > this.clock.now().getTime()) {
        secrets.push(this.cipher.decrypt(delivery.previous_secret_enc));
      }
    } catch (error) {
      return { answered: false, error: `cannot sign: ${String(error)}`, durationMs: 0 };
    }
    return postWebhook(check.target, signatureHeaders(`msg_${delivery.event_id}`, body, secrets), body);
  }

  private async disable(delivery: ClaimedDelivery, reason: string, at: Date): Promise<void> {
    if (!(await this.endpoints.disable(delivery.endpoint_id, reason, at))) return;
    this.logger.warn(`Webhook ${delivery.endpoint_id} disabled: ${reason}`);
    await this.audit.record(
      { ownerId: delivery.owner_id, actorType: 'system', actorId: null },
      'webhook.disabled',
      'webhook',
      delivery.endpoint_id,
      { reason },
    );
  }
}
