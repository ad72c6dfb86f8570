import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { QueryFailedError } from 'typeorm';
import { NotFoundError } from '../../common/errors/api-error';
import { AppConfig } from '../../config/app-config';
import { AttributionService } from '../attribution/attribution.service';
import type { ListenerStatus } from '../listener/listener.entity';
import { ListenerTokens, ListenerTokensUnavailableError } from '../listener/listener-tokens.service';
import { RECENTLY_PLAYED_MAX } from '../listener/play-ingest.repository';
import { LONGEST_ATTRIBUTION_WINDOW_HOURS } from '../../config/retention-config';
import { SpotifyClient } from '../spotify/spotify.client';
import {
  SpotifyAuthFailedError,
  SpotifyDevModeCapError,
  SpotifyError,
  SpotifyForbiddenError,
  SpotifyQuotaExceededError,
  SpotifyRateLimitedError,
  SpotifyReconnectRequiredError,
  SpotifyUnavailableError,
} from '../spotify/spotify.errors';
import { SpotifyRateLimiter } from '../spotify/spotify-rate-limiter.service';
import { sleep } from '../spotify/spotify-retry.policy';
import type { SpotifyUserAuth } from '../spotify/spotify.types';
import { PollingSummaryDto } from './dto/polling-summary.dto';
import { ListenerNotPollableError, PollInProgressError } from './polling.errors';
import { PollingMetrics, PollOutcome } from './polling-metrics.service';
import { ClaimedListener, PollingRepository } from './polling.repository';
import { afterPauseDelayMs, errorBackoffMs, nextPollDelayMs, SchedulePolicy } from './poll-schedule';

/** First back-off after a failed poll (doubling per failure up to POLL_MAX_INTERVAL_S). */
export const ERROR_BACKOFF_BASE_MS = 30_000;
/** "Sync now" waits this long for another process's poll of the same listener to end. */
const SYNC_WAIT_MS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface PollReport {
  listenerId: string;
  outcome: PollOutcome;
  inserted: number;
  /** Of those, the plays attributed to some campaign (in the transaction that stored them). */
  attributed: number;
  /** The failure, when the poll failed. */
  error?: unknown;
}

/** What to do about a failed poll. */
type FailureAction =
  | {
      kind: string;
      action: 'status';
      status: Extract<ListenerStatus, 'needs_reconnect' | 'dev_mode_blocked'>;
    }
  | { kind: string; action: 'pause' }
  | { kind: string; action: 'backoff' };

/** How the poller reacts to each failure: typed errors from the Spotify client, our own, the database's. */
export function classifyFailure(error: unknown): FailureAction {
  if (error instanceof SpotifyReconnectRequiredError)
    return { kind: 'reconnect_required', action: 'status', status: 'needs_reconnect' };
  // 401 again right after a refresh: the authorization is gone.
  if (error instanceof SpotifyAuthFailedError && error.spotifyError === 'invalid_token')
    return { kind: 'reconnect_required', action: 'status', status: 'needs_reconnect' };
  if (error instanceof ListenerTokensUnavailableError)
    return { kind: 'reconnect_required', action: 'status', status: 'needs_reconnect' };
  if (error instanceof SpotifyDevModeCapError)
    return { kind: 'dev_mode_cap', action: 'status', status: 'dev_mode_blocked' };
  // e.g. "Insufficient client scope": only a new consent fixes it.
  if (error instanceof SpotifyForbiddenError)
    return { kind: 'forbidden', action: 'status', status: 'needs_reconnect' };
  if (error instanceof SpotifyRateLimitedError) return { kind: 'rate_limited', action: 'pause' };
  if (error instanceof SpotifyQuotaExceededError) return { kind: 'quota_exceeded', action: 'pause' };
  if (error instanceof SpotifyUnavailableError) return { kind: 'unavailable', action: 'backoff' };
  if (error instanceof SpotifyAuthFailedError) return { kind: 'auth_failed', action: 'backoff' };
  if (error instanceof QueryFailedError) return { kind: 'database', action: 'backoff' };
  return { kind: 'other', action: 'backoff' };
}

const describeError = (error: unknown): string =>
  error instanceof SpotifyError
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? `${error.name}: ${error.message}`
      : String(error);

/**
 * Polls listeners' recently played tracks: one Spotify request per poll, the plays stored with the cursor
 * in one transaction, the next poll scheduled adaptively, failures turned into status changes or back-off.
 * The tick loop that claims due listeners is PollingWorker; this service polls one claimed listener and
 * answers "sync now" and the admin summary.
 */
/** Whether the listener's latest click (as claimed) lies within the longest attribution window of a play. */
function mayCredit(listener: ClaimedListener, items: ReadonlyArray<{ playedAtMs: number }>): boolean {
  if (listener.lastClickAt === null || items.length === 0) return false;
  const oldest = Math.min(...items.map((item) => item.playedAtMs));
  return listener.lastClickAt.getTime() >= oldest - LONGEST_ATTRIBUTION_WINDOW_HOURS * 3_600_000;
}

@Injectable()
export class PollingService {
  private readonly logger = new Logger('Polling');
  /** This process's lease owner id: host, pid and a random part (several apps may share a process in tests). */
  readonly owner = `${hostname().slice(0, 60)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: PollingRepository,
    private readonly spotify: SpotifyClient,
    private readonly limiter: SpotifyRateLimiter,
    private readonly tokens: ListenerTokens,
    private readonly metrics: PollingMetrics,
    private readonly attribution: AttributionService,
  ) {}

  get policy(): SchedulePolicy {
    return {
      activeMs: this.config.POLL_ACTIVE_INTERVAL_S * 1000,
      maxMs: this.config.POLL_MAX_INTERVAL_S * 1000,
    };
  }

  /** Polls running in this process now (the worker's and "sync now"). */
  get inFlight(): number {
    return this.running;
  }

  /** Claims up to `limit` due listeners (leases them to this process); their requests count against the budget. */
  async claimDue(limit: number): Promise<ClaimedListener[]> {
    if (limit <= 0) return [];
    return this.repository.claimDue(this.owner, limit, this.config.POLL_LEASE_S);
  }

  /** Gives back the leases of claimed listeners this process will not poll (shutdown). */
  async release(listenerIds: string[]): Promise<void> {
    await this.repository.release(this.owner, listenerIds);
  }

  /**
   * Polls one listener now, whatever its schedule (the listener's "sync now"), and returns how many new
   * plays were stored and how many of them were attributed. Waits briefly when another process is polling the same listener. Throws NotFound,
   * ListenerNotPollable (not active), PollInProgress, or the Spotify error that stopped the poll (after
   * recording it as a scheduled poll would: status change, back-off).
   */
  async pollListenerNow(listenerId: string): Promise<{ inserted: number; attributed: number }> {
    if (!UUID.test(listenerId)) throw new NotFoundError('Listener');
    const deadline = Date.now() + SYNC_WAIT_MS;
    let claimed: ClaimedListener | null;
    for (;;) {
      claimed = await this.repository.claimOne(listenerId, this.owner, this.config.POLL_LEASE_S);
      if (claimed) break;
      const state = await this.repository.stateOf(listenerId);
      if (!state) throw new NotFoundError('Listener');
      if (state.status !== 'active') throw new ListenerNotPollableError(state.status);
      if (Date.now() >= deadline) throw new PollInProgressError();
      await sleep(100);
    }
    const report = await this.poll(claimed);
    if (report.error !== undefined) throw report.error;
    return { inserted: report.inserted, attributed: report.attributed };
  }

  /** Polls a listener this process has leased. Never throws: failures are recorded and reported. */
  async poll(listener: ClaimedListener): Promise<PollReport> {
    const stop = this.metrics.duration.startTimer();
    this.running++;
    this.metrics.inFlight.inc();
    try {
      const page = await this.spotify.getRecentlyPlayed(
        this.authFor(listener),
        listener.cursorMs === null
          ? { limit: RECENTLY_PLAYED_MAX }
          : { after: listener.cursorMs, limit: RECENTLY_PLAYED_MAX },
      );
      const newest = Math.max(
        listener.lastPlayAt?.getTime() ?? Number.NEGATIVE_INFINITY,
        ...page.items.map((item) => item.playedAtMs),
      );
      // A click on a tracker link counts as activity: the listener is about to play the campaign.
      const lastActivity = Math.max(newest, listener.lastClickAt?.getTime() ?? Number.NEGATIVE_INFINITY);
      const delayMs = nextPollDelayMs(
        { nowMs: Date.now(), lastPlayAtMs: Number.isFinite(lastActivity) ? lastActivity : null },
        this.policy,
      );
      // The new plays are attributed in the transaction that stores them (announced once it committed), when
      // a click the listener made can credit them: the statements a listener without one would run find
      // nothing. The sweep looks at every stored play after its lag, so a click recorded meanwhile still counts.
      const attribution = mayCredit(listener, page.items) ? this.attribution.atIngest() : undefined;
      const result = await this.repository.store(listener, this.owner, page, delayMs, attribution);
      if (!result.stored) return this.report(listener, 'not_active', 0);
      attribution?.announce();
      if (result.inserted > 0) this.metrics.playsIngested.inc(result.inserted);
      if (result.gap) {
        this.metrics.gaps.inc();
        this.logger.log(
          `Listener ${listener.id}: observation gap from ${result.gap.from.toISOString()} to ${result.gap.to.toISOString()} ` +
            `(more than ${RECENTLY_PLAYED_MAX} plays since the last poll)`,
        );
      }
      if (listener.errorCount > 0) {
        this.logger.log(`Listener ${listener.id}: polls again after ${listener.errorCount} failure(s)`);
      }
      return this.report(listener, 'ok', result.inserted, result.attributed);
    } catch (error) {
      return this.report(listener, await this.fail(listener, error), 0, 0, error);
    } finally {
      this.running--;
      this.metrics.inFlight.dec();
      stop();
    }
  }

  private report(
    listener: ClaimedListener,
    outcome: PollOutcome,
    inserted: number,
    attributed = 0,
    error?: unknown,
  ): PollReport {
    this.metrics.polls.inc({ outcome });
    return {
      listenerId: listener.id,
      outcome,
      inserted,
      attributed,
      ...(error === undefined ? {} : { error }),
    };
  }

  /** The listener's tokens from their owner (the listener module), which also refreshes and stores them. */
  private authFor(listener: ClaimedListener): SpotifyUserAuth {
    return this.tokens.auth({
      listenerId: listener.id,
      accessTokenEnc: listener.accessTokenEnc,
      refreshTokenEnc: listener.refreshTokenEnc,
      tokenExpiresAt: listener.tokenExpiresAt,
    });
  }

  /** Records a failed poll: a status change, or the next attempt after a pause / back-off. */
  private async fail(listener: ClaimedListener, error: unknown): Promise<PollOutcome> {
    const failure = classifyFailure(error);
    const detail = describeError(error);
    this.metrics.errors.inc({ kind: failure.kind });
    try {
      if (failure.action === 'status') {
        if (await this.repository.changeStatus(listener.id, failure.status, detail)) {
          this.metrics.transitions.inc({ to: failure.status });
          this.logger.warn(
            `Listener ${listener.id}: active -> ${failure.status} (${detail}); no longer polled`,
          );
        }
        return failure.status;
      }
      if (failure.action === 'pause') {
        const until =
          this.limiter.status().pausedUntil?.getTime() ??
          (error as SpotifyRateLimitedError | SpotifyQuotaExceededError).retryAt.getTime();
        await this.repository.reschedule(listener.id, this.owner, afterPauseDelayMs(Date.now(), until), {
          countError: false,
          lastError: detail,
        });
        this.logger.debug(`Listener ${listener.id}: Spotify calls paused, next poll after the pause`);
        return 'rate_limited';
      }
      const errorCount = listener.errorCount + 1;
      const delayMs = errorBackoffMs(errorCount, {
        baseMs: ERROR_BACKOFF_BASE_MS,
        capMs: this.policy.maxMs,
      });
      await this.repository.reschedule(listener.id, this.owner, delayMs, {
        countError: true,
        lastError: detail,
      });
      const message = `Listener ${listener.id}: poll failed ${errorCount} time(s) in a row (${detail}); retry in ${Math.round(delayMs / 1000)} s`;
      if (failure.kind === 'unavailable') this.logger.debug(message);
      else this.logger.warn(message);
      return 'error';
    } catch (recordError) {
      // The database is down: the lease expires and another tick (here or elsewhere) polls it again.
      this.logger.warn(
        `Listener ${listener.id}: could not record a failed poll (${describeError(recordError)})`,
      );
      return failure.action === 'status'
        ? failure.status
        : failure.action === 'pause'
          ? 'rate_limited'
          : 'error';
    }
  }

  /** The poller at a glance (admin view): listeners by state, poll lag, gaps in the last 24 h, the pause. */
  async summary(): Promise<PollingSummaryDto> {
    const [counts, lag, overview] = [
      await this.repository.countByStatus(),
      await this.repository.lag(),
      await this.repository.overview(),
    ];
    const limit = this.limiter.status();
    const available = await this.limiter.available();
    const listeners = {
      active: counts['active'] ?? 0,
      needsReconnect: counts['needs_reconnect'] ?? 0,
      devModeBlocked: counts['dev_mode_blocked'] ?? 0,
      disconnected: counts['disconnected'] ?? 0,
      total: Object.values(counts).reduce((sum, n) => sum + n, 0),
    };
    return {
      generatedAt: new Date().toISOString(),
      listeners,
      due: lag.due,
      leased: overview.leased,
      failing: overview.failing,
      pollLagS: Math.round(lag.lagMs / 100) / 10,
      oldestDueAt: lag.oldestDueAt?.toISOString() ?? null,
      gapsLast24h: overview.gapsLast24h,
      listenersWithGapsLast24h: overview.listenersWithGaps,
      spotify: {
        paused: limit.paused,
        pausedUntil: limit.pausedUntil?.toISOString() ?? null,
        quotaExceeded: limit.quotaExceeded,
      },
      worker: {
        polling: this.config.SOUNDLINK_ROLE !== 'api',
        role: this.config.SOUNDLINK_ROLE,
        concurrency: this.config.POLL_CONCURRENCY,
        inFlight: this.running,
        budgetPer30s: this.config.POLL_BUDGET_PER_30S,
        budgetUsed: Math.max(
          0,
          this.config.POLL_BUDGET_PER_30S - Math.min(available, this.config.POLL_BUDGET_PER_30S),
        ),
        activeIntervalS: this.config.POLL_ACTIVE_INTERVAL_S,
        maxIntervalS: this.config.POLL_MAX_INTERVAL_S,
      },
    };
  }
}
