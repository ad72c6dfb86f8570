import { Logger } from '@nestjs/common';
import {
  SpotifyQuotaExceededError,
  SpotifyRateLimitedError,
  SpotifyUnavailableError,
} from './spotify.errors';
import type { SpotifyClientOptions } from './spotify-client.options';
import type { SpotifyMetrics } from './spotify-metrics.service';
import type { SpotifyRateLimiter } from './spotify-rate-limiter.service';
import { backoffDelayMs, sleep } from './spotify-retry.policy';

/** One logical call to Spotify (all its attempts); an exchange keeps its own per-call state on it. */
export interface SpotifyCall {
  /** The endpoint pattern, for metrics and error messages: `/playlists/{id}/items`, `/api/token:refresh_token`. */
  readonly endpoint: string;
}

/**
 * An answer the retry core acts on instead of returning it. Spotify's answers that are not the caller's
 * final result or error: a 401 to re-authorize once, a 429 (rate limit or quota), a 5xx.
 */
export class SpotifySetback {
  /** A 401: renew the token and try once more (the exchange refuses a second one itself). */
  static readonly unauthorized = new SpotifySetback('unauthorized', 401, '', null);

  private constructor(
    readonly kind: 'unauthorized' | 'rate-limited' | 'quota-exceeded' | 'server-error',
    readonly status: number,
    /** The message of the error thrown when no attempt is left. */
    readonly message: string,
    /** The answer's Retry-After, in ms. */
    readonly retryAfterMs: number | null,
  ) {}

  /** A Web API 429: every call pauses for Retry-After (QUOTA_EXCEEDED: at least quotaPauseMs, and fails). */
  static rateLimited(retryAfterMs: number | null, quotaExceeded: boolean): SpotifySetback {
    return new SpotifySetback(quotaExceeded ? 'quota-exceeded' : 'rate-limited', 429, '', retryAfterMs);
  }

  /** A transient failure of Spotify's: retried after the backoff, at least Retry-After when given. */
  static serverError(status: number, message: string, retryAfterMs: number | null): SpotifySetback {
    return new SpotifySetback('server-error', status, message, retryAfterMs);
  }
}

/**
 * How one kind of Spotify request is sent and read (the Web API, the accounts service's token endpoint).
 * Exchanges are long-lived: per-call state lives on the call, so a call costs no closures.
 */
export interface SpotifyExchange<C extends SpotifyCall, T> {
  /** Before every attempt, outside the retry (its errors, e.g. the rate limiter's, end the call). */
  prepare(call: C): void | Promise<void>;
  /** Sends one attempt; rejects on network errors and timeouts (AbortSignal.timeout). */
  send(call: C): Promise<Response>;
  /** The call's result, a setback for the core to handle, or throws the call's final error. */
  read(call: C, res: Response, body: string): T | SpotifySetback;
  /** After SpotifySetback.unauthorized: makes the next attempt use renewed credentials. */
  reauthorize(call: C): Promise<void>;
}

/** The `reason` label of a retry after a failed attempt (spotify_retries_total). */
type RetryReason = 'timeout' | 'network' | 'server_error';

/** A network failure's kind: a timeout from AbortSignal.timeout (a DOMException, duck-typed: it may come from another realm) or anything else. */
export function networkFailureReason(error: unknown): 'timeout' | 'network' {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network';
}

/**
 * The one retry loop of the Spotify client, for every endpoint. One call makes at most `maxAttempts`
 * attempts counting 5xx, network errors, timeouts and 429s:
 *
 * - network error / timeout (sending or reading the body), 5xx: capped exponential backoff with full
 *   jitter, at least Retry-After when the answer gives one, never longer than backoffCapMs;
 *   SpotifyUnavailableError when no attempt is left.
 * - 429: the SpotifyRateLimiter pauses every call, of every process, for Retry-After (else the backoff);
 *   the next attempt waits for it in `prepare` (the limiter's acquire). SpotifyRateLimitedError when no
 *   attempt is left, after the pause is recorded. QUOTA_EXCEEDED pauses for max(Retry-After, quotaPauseMs)
 *   and fails at once with SpotifyQuotaExceededError.
 * - 401: the exchange renews the credentials and the call is retried; this does not count as an attempt.
 */
export class SpotifyHttpRetrier {
  private readonly logger = new Logger('SpotifyClient');

  constructor(
    private readonly limiter: SpotifyRateLimiter,
    private readonly metrics: SpotifyMetrics,
    private readonly options: SpotifyClientOptions,
  ) {}

  async run<C extends SpotifyCall, T>(exchange: SpotifyExchange<C, T>, call: C): Promise<T> {
    let failures = 0;
    for (;;) {
      await exchange.prepare(call);
      let res: Response;
      try {
        res = await exchange.send(call);
      } catch (error) {
        const reason = networkFailureReason(error);
        this.metrics.requests.inc({ endpoint: call.endpoint, status: reason });
        failures = await this.backoffOrThrow(call, failures, reason, error, null);
        continue;
      }
      this.metrics.requests.inc({ endpoint: call.endpoint, status: String(res.status) });
      let body: string;
      try {
        body = await res.text();
      } catch (error) {
        failures = await this.backoffOrThrow(call, failures, networkFailureReason(error), error, null);
        continue;
      }
      const answer = exchange.read(call, res, body);
      if (!(answer instanceof SpotifySetback)) return answer;
      switch (answer.kind) {
        case 'unauthorized':
          this.metrics.retries.inc({ reason: 'unauthorized' });
          await exchange.reauthorize(call);
          break;
        case 'quota-exceeded':
          return this.pauseForQuota(answer.retryAfterMs);
        case 'rate-limited':
          failures = await this.pauseForRateLimit(failures, answer.retryAfterMs);
          break; // the next prepare waits for the pause
        case 'server-error':
          failures = await this.backoffOrThrow(call, failures, 'server_error', answer, answer.retryAfterMs);
          break;
      }
    }
  }

  /**
   * Counts a retryable failure; sleeps the backoff (at least `minDelayMs`, at most the cap) and returns the
   * new count, or throws the call's SpotifyUnavailableError when out of attempts.
   */
  private async backoffOrThrow(
    call: SpotifyCall,
    failures: number,
    reason: RetryReason,
    /** The 5xx setback, or the network failure. */
    cause: unknown,
    minDelayMs: number | null,
  ): Promise<number> {
    const count = failures + 1;
    if (count >= this.options.maxAttempts) throw unavailable(call, reason, cause);
    this.metrics.retries.inc({ reason });
    const delay = Math.max(backoffDelayMs(count, this.backoff(), this.options.random), minDelayMs ?? 0);
    await sleep(Math.min(delay, this.options.backoffCapMs));
    return count;
  }

  /** A 429: pauses every call for Retry-After (else the backoff); throws when no attempt is left. */
  private async pauseForRateLimit(failures: number, retryAfterMs: number | null): Promise<number> {
    const count = failures + 1;
    await this.limiter.pause(retryAfterMs ?? backoffDelayMs(count, this.backoff(), this.options.random));
    this.metrics.pauses.inc({ reason: 'rate_limit' });
    if (count >= this.options.maxAttempts) {
      throw new SpotifyRateLimitedError(this.limiter.status().pausedUntil ?? new Date());
    }
    this.metrics.retries.inc({ reason: 'rate_limit' });
    return count;
  }

  /** A 429 QUOTA_EXCEEDED: pauses every call for max(Retry-After, quotaPauseMs) and fails this one. */
  private async pauseForQuota(retryAfterMs: number | null): Promise<never> {
    await this.limiter.pause(Math.max(retryAfterMs ?? 0, this.options.quotaPauseMs), { quotaExceeded: true });
    this.metrics.pauses.inc({ reason: 'quota_exceeded' });
    const pausedUntil = this.limiter.status().pausedUntil;
    this.logger.warn(
      `Spotify quota exceeded: pausing all Spotify calls until ${pausedUntil?.toISOString() ?? 'now'}`,
    );
    throw new SpotifyQuotaExceededError(this.limiter.status().pausedUntil ?? new Date());
  }

  private backoff() {
    return { baseMs: this.options.backoffBaseMs, capMs: this.options.backoffCapMs };
  }
}

/** The error of a call out of attempts: the last 5xx's, or the last network failure's. */
function unavailable(call: SpotifyCall, reason: RetryReason, cause: unknown): SpotifyUnavailableError {
  if (cause instanceof SpotifySetback) {
    return new SpotifyUnavailableError('server-error', cause.message, cause.status);
  }
  const detail =
    cause instanceof Error ? `${cause.message}${cause.cause ? ` (${String(cause.cause)})` : ''}` : '';
  return new SpotifyUnavailableError(
    reason === 'timeout' ? 'timeout' : 'network',
    `${call.endpoint}: ${detail}`,
  );
}
