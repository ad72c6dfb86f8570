import { Injectable } from '@nestjs/common';
import { sleep } from '../../spotify/spotify-retry.policy';
import {
  SourcePausedError,
  SourceProofError,
  SourceReconnectError,
  SourceUnavailableError,
} from '../listening-source';
import { RETRY_DELAYS_MS, SourceResponse, sourceGet } from '../source-http';
import { SourceEndpoints } from '../source-endpoints.service';
import { SourceRateGate } from '../source-rate-gate.service';

/** The most listens one request may ask for (ListenBrainz's documented maximum). */
export const LB_MAX_COUNT = 1000;

/** One listen as ListenBrainz sends it (https://listenbrainz.readthedocs.io/en/latest/users/json.html). */
export interface ListenBrainzListen {
  listened_at?: number;
  track_metadata?: {
    artist_name?: string;
    track_name?: string;
    release_name?: string;
    additional_info?: { spotify_id?: string; isrc?: string; duration_ms?: number; duration?: number };
  };
}

/**
 * ListenBrainz API v1 over HTTP (`Authorization: Token …`, a descriptive User-Agent): `/1/validate-token`
 * and `/1/user/{name}/listens`. Its X-RateLimit-* headers are obeyed: an exhausted window (or a 429) pauses
 * every ListenBrainz call of the app until it resets. 401 → SourceReconnectError; 5xx retried with backoff.
 */
@Injectable()
export class ListenBrainzClient {
  constructor(
    private readonly endpoints: SourceEndpoints,
    private readonly gate: SourceRateGate,
  ) {}

  /** The user a token belongs to; SourceProofError when ListenBrainz says the token is not valid. */
  async validateToken(token: string): Promise<string> {
    let res: SourceResponse;
    try {
      res = await this.get('/1/validate-token', token);
    } catch (error) {
      if (error instanceof SourceReconnectError)
        throw new SourceProofError('ListenBrainz refused this token.');
      throw error;
    }
    const body = res.body as { valid?: unknown; user_name?: unknown } | undefined;
    if (res.status === 400) throw new SourceProofError('ListenBrainz needs a user token.');
    if (body?.valid !== true || typeof body.user_name !== 'string') {
      throw new SourceProofError('ListenBrainz says this user token is not valid.');
    }
    return body.user_name;
  }

  /** The `count` listens right after `minTs` (unix s, exclusive), newest first. */
  async listens(user: string, token: string, minTs: number, count: number): Promise<ListenBrainzListen[]> {
    const query = new URLSearchParams({ min_ts: String(minTs), count: String(count) });
    const res = await this.get(`/1/user/${encodeURIComponent(user)}/listens?${query.toString()}`, token);
    if (res.status === 404) throw new SourceReconnectError(`ListenBrainz does not know the user ${user}`);
    if (res.status >= 400) throw new SourceUnavailableError(`ListenBrainz answered ${res.status}`);
    const listens = (res.body as { payload?: { listens?: unknown } } | undefined)?.payload?.listens;
    return Array.isArray(listens) ? (listens as ListenBrainzListen[]) : [];
  }

  private async get(path: string, token: string): Promise<SourceResponse> {
    const url = `${this.endpoints.listenbrainzApiUrl}${path}`;
    for (let attempt = 0; ; attempt++) {
      await this.gate.take('listenbrainz');
      let failure: Error;
      try {
        const res = await sourceGet(url, {
          userAgent: this.endpoints.userAgent,
          timeoutMs: this.endpoints.timeoutMs,
          headers: { Authorization: `Token ${token}` },
        });
        const resetInS = Number(res.headers.get('x-ratelimit-reset-in'));
        const remaining = res.headers.get('x-ratelimit-remaining');
        if (res.status === 429) {
          const ms = (resetInS > 0 ? resetInS : 10) * 1000;
          throw new SourcePausedError('listenbrainz', await this.gate.pause('listenbrainz', ms));
        }
        // The window is used up: nobody calls again before it resets (this answer is still good).
        if (remaining !== null && Number(remaining) <= 0 && resetInS > 0) {
          await this.gate.pause('listenbrainz', resetInS * 1000);
        }
        if (res.status === 401) throw new SourceReconnectError('ListenBrainz refused the user token (401)');
        if (res.status < 500) return res;
        failure = new SourceUnavailableError(`ListenBrainz answered ${res.status}`);
      } catch (error) {
        if (!(error instanceof SourceUnavailableError)) throw error;
        failure = error;
      }
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) throw failure;
      await sleep(delay);
    }
  }
}
