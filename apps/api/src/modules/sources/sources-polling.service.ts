import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { TokenCipher } from '../../common/security/token-cipher';
import { AppConfig } from '../../config/app-config';
import { AttributionService } from '../attribution/attribution.service';
import { ingestSourcePlays } from '../listener/source-ingest.repository';
import { ListeningSource, SourcePausedError, SourceReconnectError } from './listening-source';
import type { SourceKind } from './listening-source.entity';
import { ListeningSourcesRepository, SourceRow } from './listening-sources.repository';
import { LISTENING_SOURCES } from './listening-sources.token';
import { SourcesMetrics } from './sources-metrics.service';

/** A listener with a click in this window is polled every SOURCE_POLL_ACTIVE_INTERVAL_S, the others every SOURCE_POLL_IDLE_INTERVAL_S. */
export const ATTRIBUTION_WINDOW_MS = 28 * 24 * 3600_000;
/** Plays one poll reads at most (a listener back from a long break is read over several polls). */
export const MAX_PLAYS_PER_POLL = 2000;
/** After a failed poll: 1 min, doubling, at most POLL_MAX_INTERVAL_S. */
const RETRY_BASE_MS = 60_000;

export interface SourcePollResult {
  kind: SourceKind;
  outcome: 'stored' | 'needs_reconnect' | 'paused' | 'failed' | 'skipped';
  inserted: number;
  attributed: number;
  unmatched: number;
}

/**
 * Polls Last.fm and ListenBrainz accounts: reads the plays since the cursor, stores them with
 * ingestSourcePlays in one transaction together with the cursor and the next poll (attributed in it,
 * announced after the commit), and answers the sources' errors: a refused credential → needs_reconnect;
 * a rate limit → the source paused app-wide and the poll rescheduled; anything else → retried later.
 */
@Injectable()
export class SourcesPollingService {
  private readonly logger = new Logger('SourcesPolling');
  readonly owner = `${hostname()}:${process.pid}:sources:${randomBytes(3).toString('hex')}`;
  private readonly byKind: Map<SourceKind, ListeningSource>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly cipher: TokenCipher,
    private readonly attribution: AttributionService,
    private readonly repository: ListeningSourcesRepository,
    private readonly metrics: SourcesMetrics,
    @Inject(LISTENING_SOURCES) sources: ListeningSource[],
  ) {
    this.byKind = new Map(sources.map((s) => [s.kind, s]));
  }

  claimDue(limit: number, kind: SourceKind): Promise<SourceRow[]> {
    return this.repository.claimDue(this.owner, limit, this.config.POLL_LEASE_S, kind);
  }

  /** Polls the listener's active sources now (sync, tests), whatever their schedule; one kind or all. */
  async pollListenerNow(listenerId: string, kind?: SourceKind): Promise<SourcePollResult[]> {
    const claimed = await this.repository.claimOfListener(
      listenerId,
      this.owner,
      this.config.POLL_LEASE_S,
      kind,
    );
    return Promise.all(claimed.map((row) => this.poll(row)));
  }

  /** One poll of a claimed source; never throws. */
  async poll(row: SourceRow): Promise<SourcePollResult> {
    const result: SourcePollResult = {
      kind: row.kind,
      outcome: 'skipped',
      inserted: 0,
      attributed: 0,
      unmatched: 0,
    };
    const source = this.byKind.get(row.kind);
    if (!source || !row.credential_enc) return result;
    try {
      const account = { accountName: row.account_name, credential: this.cipher.decrypt(row.credential_enc) };
      const since = row.cursor_ms === null ? Date.parse(String(row.connected_at)) : Number(row.cursor_ms);
      const plays = await source.fetchSince(account, since, MAX_PLAYS_PER_POLL);
      const attribution = this.attribution.atIngest();
      const stored = await this.dataSource.transaction(async (manager) => {
        const ingest = await ingestSourcePlays(manager, {
          listenerId: row.listener_id,
          origin: row.kind,
          plays,
          ...attribution,
        });
        const kept = await this.repository.recordPoll(
          manager,
          row.id,
          this.owner,
          ingest.newestStartedAtMs,
          this.intervalMs(row),
        );
        // Disconnected during the poll: store nothing.
        if (!kept) throw new SourceGone();
        return ingest;
      });
      attribution.announce();
      this.metrics.polls.inc({ source: row.kind, outcome: 'ok' });
      this.metrics.plays.inc({ source: row.kind, match: 'matched' }, stored.inserted);
      this.metrics.plays.inc({ source: row.kind, match: 'unmatched' }, stored.unmatched);
      return {
        ...result,
        outcome: 'stored',
        inserted: stored.inserted,
        attributed: stored.attributed,
        unmatched: stored.unmatched,
      };
    } catch (error) {
      const outcome = await this.failed(row, error);
      if (outcome !== 'skipped') this.metrics.polls.inc({ source: row.kind, outcome });
      return { ...result, outcome };
    }
  }

  /** Sources of listeners with a click in the last 28 days: often; the others: rarely (docs/listeners.md). */
  intervalMs(row: Pick<SourceRow, 'last_click_at'>): number {
    const clicked = row.last_click_at ? new Date(row.last_click_at).getTime() : 0;
    const active = Date.now() - clicked < ATTRIBUTION_WINDOW_MS;
    return (
      (active ? this.config.SOURCE_POLL_ACTIVE_INTERVAL_S : this.config.SOURCE_POLL_IDLE_INTERVAL_S) * 1000
    );
  }

  private async failed(row: SourceRow, error: unknown): Promise<SourcePollResult['outcome']> {
    if (error instanceof SourceGone) return 'skipped';
    if (error instanceof SourceReconnectError) {
      this.logger.warn(`${row.kind} source ${row.id}: needs reconnecting (${error.message})`);
      await this.repository.needsReconnect(row.id, error.message);
      return 'needs_reconnect';
    }
    if (error instanceof SourcePausedError) {
      // Not this source's fault: no error counted; due again when the pause ends.
      await this.repository.reschedule(
        row.id,
        this.owner,
        Math.max(1000, error.untilMs - Date.now()),
        false,
        error.message,
      );
      return 'paused';
    }
    const message = error instanceof Error ? error.message : String(error);
    this.logger.warn(`${row.kind} source ${row.id}: poll failed (${message})`);
    const delay = Math.min(
      RETRY_BASE_MS * 2 ** Math.min(row.error_count, 10),
      this.config.POLL_MAX_INTERVAL_S * 1000,
    );
    await this.repository.reschedule(row.id, this.owner, delay, true, message);
    return 'failed';
  }
}

class SourceGone extends Error {}
