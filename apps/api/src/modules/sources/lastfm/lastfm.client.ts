import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { sleep } from '../../spotify/spotify-retry.policy';
import {
  SourcePausedError,
  SourceProofError,
  SourceReconnectError,
  SourceUnavailableError,
} from '../listening-source';
import { RETRY_DELAYS_MS, sourceGet } from '../source-http';
import { SourceEndpoints } from '../source-endpoints.service';
import { SourceRateGate } from '../source-rate-gate.service';

/** Last.fm's error codes that Soundlink acts on (https://www.last.fm/api/errorcodes). */
export const LASTFM_ERROR = {
  authenticationFailed: 4,
  operationFailed: 8,
  invalidSession: 9,
  serviceOffline: 11,
  invalidToken: 14,
  expiredToken: 15,
  temporarilyUnavailable: 16,
  rateLimited: 29,
} as const;
const RETRYABLE = new Set<number>([
  LASTFM_ERROR.operationFailed,
  LASTFM_ERROR.serviceOffline,
  LASTFM_ERROR.temporarilyUnavailable,
]);
/** Last.fm sends no Retry-After with error 29 as a rule: back off this long then. */
export const LASTFM_RATE_LIMIT_PAUSE_MS = 60_000;

/** `api_sig`: md5 (hex) of every parameter but format and callback, sorted, as name+value, then the secret. */
export function lastfmSignature(params: Record<string, string>, secret: string): string {
  const text = Object.keys(params)
    .filter((k) => k !== 'format' && k !== 'callback' && k !== 'api_sig')
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join('');
  return createHash('md5')
    .update(text + secret, 'utf8')
    .digest('hex');
}

/** One entry of user.getRecentTracks, as Last.fm sends it (numbers as strings). */
export interface LastfmTrack {
  name?: string;
  artist?: { '#text'?: string; name?: string };
  album?: { '#text'?: string };
  date?: { uts?: string };
  '@attr'?: { nowplaying?: string };
}

export interface LastfmRecentPage {
  tracks: LastfmTrack[];
  totalPages: number;
}

/** user.getRecentTracks' answer as a page: a page with exactly one entry has been sent as an object. */
export function recentTracksPage(body: unknown): LastfmRecentPage {
  const recent = (
    body as { recenttracks?: { track?: LastfmTrack | LastfmTrack[]; '@attr'?: { totalPages?: string } } }
  )?.recenttracks;
  const track = recent?.track;
  const tracks = Array.isArray(track) ? track : track ? [track] : [];
  return { tracks, totalPages: Number(recent?.['@attr']?.totalPages ?? 1) || 1 };
}

/**
 * Last.fm API 2.0 over HTTP: the web-authentication URL, `auth.getSession` and `user.getRecentTracks`, with
 * the app's request budget, error 29 pausing every Last.fm call of the app, 8/11/16 retried with backoff and
 * 9 answered by SourceReconnectError.
 */
@Injectable()
export class LastfmClient {
  constructor(
    private readonly endpoints: SourceEndpoints,
    private readonly gate: SourceRateGate,
  ) {}

  /** The page where the listener allows Soundlink; Last.fm then sends the browser to `callback?token=…`. */
  authorizeUrl(callback: string): string {
    const query = new URLSearchParams({ api_key: this.endpoints.lastfmApiKey, cb: callback });
    return `${this.endpoints.lastfmAuthUrl}/api/auth/?${query.toString()}`;
  }

  /** Exchanges the callback's token for the session: the user name and the session key (no expiry). */
  async getSession(token: string): Promise<{ name: string; key: string }> {
    try {
      const body = (await this.call({ method: 'auth.getSession', token }, true)) as {
        session?: { name?: unknown; key?: unknown };
      };
      const { name, key } = body.session ?? {};
      if (typeof name !== 'string' || typeof key !== 'string') {
        throw new SourceUnavailableError('Last.fm answered auth.getSession without a session');
      }
      return { name, key };
    } catch (error) {
      if (error instanceof LastfmApiError) throw new SourceProofError(error.message);
      throw error;
    }
  }

  /** One page of the user's scrobbles since `fromS` (inclusive), newest first, the now-playing entry kept. */
  async recentTracks(
    user: string,
    sessionKey: string,
    fromS: number,
    page: number,
  ): Promise<LastfmRecentPage> {
    const body = (await this.call(
      {
        method: 'user.getRecentTracks',
        user,
        sk: sessionKey,
        from: String(fromS),
        limit: '200',
        page: String(page),
      },
      true,
    )) as unknown;
    return recentTracksPage(body);
  }

  private async call(params: Record<string, string>, signed: boolean): Promise<unknown> {
    const all: Record<string, string> = { ...params, api_key: this.endpoints.lastfmApiKey };
    if (signed) all['api_sig'] = lastfmSignature(all, this.endpoints.lastfmSharedSecret);
    all['format'] = 'json';
    const url = `${this.endpoints.lastfmApiUrl}/?${new URLSearchParams(all).toString()}`;
    for (let attempt = 0; ; attempt++) {
      await this.gate.take('lastfm');
      let failure: Error;
      try {
        const res = await sourceGet(url, {
          userAgent: this.endpoints.userAgent,
          timeoutMs: this.endpoints.timeoutMs,
        });
        const body = res.body as { error?: unknown; message?: unknown } | undefined;
        const code = typeof body?.error === 'number' ? body.error : undefined;
        if (code === undefined && res.status < 400 && body) return body;
        const message = `Last.fm error ${code ?? res.status}: ${typeof body?.message === 'string' ? body.message : 'no message'}`;
        if (code === LASTFM_ERROR.rateLimited) {
          const retryAfterS = Number(res.headers.get('retry-after'));
          const ms = retryAfterS > 0 ? retryAfterS * 1000 : LASTFM_RATE_LIMIT_PAUSE_MS;
          throw new SourcePausedError('lastfm', await this.gate.pause('lastfm', ms));
        }
        if (code === LASTFM_ERROR.invalidSession) throw new SourceReconnectError(message);
        if (code !== undefined && !RETRYABLE.has(code)) throw new LastfmApiError(code, message);
        failure = new SourceUnavailableError(message);
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

/** A Last.fm error that no retry or reconnect answers (bad token, bad parameters, bad API key…). */
export class LastfmApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'LastfmApiError';
  }
}
