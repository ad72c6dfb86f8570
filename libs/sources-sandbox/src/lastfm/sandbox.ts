/**
 * createLastfmSandbox: a local emulator of the Last.fm API 2.0 parts Soundlink uses (web authentication,
 * auth.getSession, user.getRecentTracks), its error codes and its rate limit, over real HTTP. See README.md.
 */
import { json, jsonBody, PlayEvent, Reply } from '@soundlink/spotify-sandbox';
import { validateSourceFault } from '../shared/faults';
import { parseTimestamp, SourceUser, StoredListen } from '../shared/listens';
import { RateLimit, RateLimiter, validateRateLimit } from '../shared/rate-limit';
import { ControlError, SourceContext, SourceSandboxOptions, SourceSandboxServer } from '../shared/server';
import { variantFor } from '../shared/variants';
import { handleLastfmApi, LastfmCore } from './api';
import { handleAuthDecision, handleAuthPage } from './auth-page';
import { LASTFM_FAULT_ERRORS } from './errors';
import { DEFAULT_LASTFM_APP, LastfmApp, LastfmState } from './state';

export interface LastfmSandboxOptions extends SourceSandboxOptions {
  /** API accounts; default one, DEFAULT_LASTFM_APP. */
  apps?: LastfmApp[];
  /**
   * Requests per API key before error 29. Default 1500 per 5 minutes: the "5 per second averaged over
   * 5 minutes" of Last.fm's API terms.
   */
  rateLimit?: RateLimit;
}

export interface LastfmScrobbleInput {
  artistName: string;
  trackName: string;
  albumName?: string;
  /** ISO date-time, or unix seconds: when playback started. */
  timestamp: string | number;
}

const SCROBBLE_MAX_THRESHOLD_MS = 4 * 60_000;
/** A track is scrobbled after half its length or 4 minutes, whichever comes first (tracks under 30 s never). */
export function scrobbleThresholdMs(durationMs: number): number {
  return Math.min(durationMs / 2, SCROBBLE_MAX_THRESHOLD_MS);
}

const USER_NAME = /^[A-Za-z][A-Za-z0-9_-]{1,14}$/;

function str(body: Record<string, unknown>, key: string, optional = false): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    throw new ControlError(400, `${key} is required`);
  }
  if (typeof v !== 'string' || v.trim() === '')
    throw new ControlError(400, `${key} must be a non-empty string`);
  return v.trim();
}

export class LastfmSandbox extends SourceSandboxServer {
  readonly state: LastfmState;
  private readonly core: LastfmCore;

  constructor(options: LastfmSandboxOptions = {}) {
    super('lastfm', options);
    this.state = new LastfmState(
      options.apps?.length ? options.apps.map((a) => ({ ...a })) : [DEFAULT_LASTFM_APP],
      new RateLimiter(options.rateLimit ?? { limit: 1500, windowMs: 5 * 60_000 }),
    );
    this.core = {
      state: this.state,
      store: this.store,
      faults: this.faultStore,
      now: () => this.clock.now(),
    };
  }

  info(publicUrl = this.defaultPublicUrl()): Record<string, unknown> {
    return {
      name: 'lastfm-sandbox',
      apiUrl: `${publicUrl}/2.0/`,
      authUrl: `${publicUrl}/api/auth/`,
      apiKey: this.state.apps[0].apiKey,
      users: this.store.all().map((u) => u.name),
      rateLimit: { ...this.state.limiter.config },
    };
  }

  protected async serve(ctx: SourceContext): Promise<Reply> {
    const path = ctx.path.replace(/\/+$/, '') || '/';
    if (path === '/2.0') return handleLastfmApi(this.core, ctx);
    if (path === '/api/auth' && ctx.method === 'GET') {
      ctx.logged = true;
      return handleAuthPage(this.core, ctx.query, `${this.basePath}/api/auth/decision`);
    }
    if (path === '/api/auth/decision' && ctx.method === 'POST') {
      ctx.logged = true;
      return handleAuthDecision(this.core, ctx);
    }
    if (path === '/' && ctx.method === 'GET') return json(200, this.info(ctx.publicUrl));
    return json(404, { error: 404, message: 'Not found' });
  }

  protected async control(ctx: SourceContext, seg: string[]): Promise<Reply | null> {
    const m = ctx.method;
    if (seg[0] === 'users') {
      if (seg.length === 1 && m === 'GET') return json(200, this.users());
      if (seg.length === 1 && m === 'POST') {
        const body = await jsonBody(ctx);
        return json(
          201,
          this.createUser({
            userName: str(body, 'userName') as string,
            spotifyUserId: str(body, 'spotifyUserId', true),
            private: body['private'] === true,
          }),
        );
      }
      if (seg.length === 3 && seg[2] === 'scrobbles' && m === 'POST') {
        const body = await jsonBody(ctx);
        return json(201, this.addScrobble(seg[1], body as unknown as LastfmScrobbleInput));
      }
      if (seg.length === 3 && seg[2] === 'nowplaying' && m === 'POST') {
        const body = await jsonBody(ctx);
        return json(
          201,
          this.setNowPlaying(seg[1], body as unknown as Omit<LastfmScrobbleInput, 'timestamp'>),
        );
      }
      if (seg.length === 3 && seg[2] === 'revoke' && m === 'POST')
        return json(200, this.revokeSessions(seg[1]));
    }
    if (seg[0] === 'config' && seg.length === 1) {
      if (m === 'POST') {
        const body = await jsonBody(ctx);
        return json(200, this.configure(body as Parameters<LastfmSandbox['configure']>[0]));
      }
      if (m === 'GET') return json(200, this.configure({}));
    }
    return null;
  }

  protected resetOwn(): void {
    this.state.reset();
  }

  addFault(input: Record<string, unknown>): { id: string } {
    const valid = validateSourceFault(input, { errors: LASTFM_FAULT_ERRORS, statuses: [500, 502, 503] });
    return { id: this.faultStore.add(valid, this.clock.now()).id };
  }

  users(): Array<{ userName: string; spotifyUserId: string | null; scrobbles: number }> {
    return this.store
      .all()
      .map((u) => ({ userName: u.name, spotifyUserId: u.spotifyUserId, scrobbles: u.listens.length }));
  }

  /** POST /_sandbox/users: `{userName}` → `{userName}`; `spotifyUserId` makes them scrobble that Spotify user. */
  createUser(input: { userName: string; spotifyUserId?: string; private?: boolean }): { userName: string } {
    const name = typeof input.userName === 'string' ? input.userName.trim() : '';
    if (!USER_NAME.test(name))
      throw new ControlError(400, 'userName must be 2-15 letters, digits, _ or -, starting with a letter');
    if (this.store.get(name)) throw new ControlError(409, `User ${name} exists`);
    const user = this.store.add(name, input.spotifyUserId ?? null);
    try {
      this.linkSpotifyUser(user);
    } catch (e) {
      this.store.remove(name);
      throw e;
    }
    if (input.private) this.state.privateUsers.add(name.toLowerCase());
    return { userName: name };
  }

  private user(name: string): SourceUser {
    const user = this.store.get(name);
    if (!user) throw new ControlError(404, `Unknown user ${name}`);
    return user;
  }

  /** POST /_sandbox/users/{userName}/scrobbles: a scrobble as a player would have sent it. */
  addScrobble(userName: string, input: LastfmScrobbleInput): Record<string, unknown> {
    const user = this.user(userName);
    const body = input as unknown as Record<string, unknown>;
    const startedAt = parseTimestamp(body['timestamp']);
    if (startedAt === null) throw new ControlError(400, 'timestamp must be an ISO date-time or unix seconds');
    const listen = this.listenOf(body, startedAt, startedAt, startedAt);
    this.store.insert(user, listen);
    return {
      userName: user.name,
      artistName: listen.artistName,
      trackName: listen.trackName,
      albumName: listen.albumName,
      timestamp: Math.floor(startedAt / 1000),
    };
  }

  /** POST /_sandbox/users/{userName}/nowplaying: playing now for `durationS` (default 180), never scrobbled. */
  setNowPlaying(
    userName: string,
    input: Omit<LastfmScrobbleInput, 'timestamp'> & { durationS?: number },
  ): Record<string, unknown> {
    const user = this.user(userName);
    const now = this.clock.now();
    const duration =
      typeof input.durationS === 'number' && input.durationS > 0 ? input.durationS * 1000 : 180_000;
    const listen = this.listenOf(
      input as unknown as Record<string, unknown>,
      now,
      Number.POSITIVE_INFINITY,
      now + duration,
    );
    this.store.insert(user, listen);
    return {
      userName: user.name,
      artistName: listen.artistName,
      trackName: listen.trackName,
      until: new Date(now + duration).toISOString(),
    };
  }

  private listenOf(
    body: Record<string, unknown>,
    startedAt: number,
    visibleAt: number,
    endsAt: number,
  ): StoredListen {
    const artistName = str(body, 'artistName') as string;
    const trackName = str(body, 'trackName') as string;
    return {
      startedAt,
      visibleAt,
      endsAt,
      artistName,
      trackName,
      albumName: str(body, 'albumName', true) ?? '',
      durationMs: null,
      spotifyUrl: null,
      isrc: null,
      spotifyTrackId: null,
      variant: 'control',
      key: `${startedAt}:${artistName}:${trackName}`,
      extras: null,
    };
  }

  /** The user revoked the application: their session keys answer error 9 from now on. */
  revokeSessions(userName: string): { revoked: number } {
    const user = this.user(userName);
    let revoked = 0;
    for (const s of this.state.sessions.values()) {
      if (s.user === user.name && !s.revoked) {
        s.revoked = true;
        revoked++;
      }
    }
    return { revoked };
  }

  configure(config: { rateLimit?: RateLimit; suspendedApiKeys?: string[] }): {
    rateLimit: RateLimit;
    suspendedApiKeys: string[];
  } {
    if (config.rateLimit !== undefined) this.state.limiter.config = validateRateLimit(config.rateLimit);
    if (config.suspendedApiKeys !== undefined) {
      if (
        !Array.isArray(config.suspendedApiKeys) ||
        config.suspendedApiKeys.some((k) => typeof k !== 'string')
      )
        throw new ControlError(400, 'suspendedApiKeys must be an array of API keys');
      this.state.suspendedKeys = new Set(config.suspendedApiKeys);
    }
    return { rateLimit: { ...this.state.limiter.config }, suspendedApiKeys: [...this.state.suspendedKeys] };
  }

  /** A Spotify play, as Spotify's Last.fm scrobbling shows it: start time, main artist, the player's names. */
  protected mirror(user: SourceUser, e: PlayEvent): void {
    if (e.durationMs < 30_000 || e.msPlayed < scrobbleThresholdMs(e.durationMs)) return;
    const names = variantFor(
      { seed: this.seed, service: 'lastfm', user: user.name, trackId: e.trackId },
      e,
      false,
    );
    this.store.insert(user, {
      startedAt: e.startedAt,
      visibleAt: e.startedAt + scrobbleThresholdMs(e.durationMs),
      endsAt: e.endedAt,
      artistName: names.artistName,
      trackName: names.trackName,
      albumName: names.albumName,
      durationMs: e.durationMs,
      spotifyUrl: null,
      isrc: null,
      spotifyTrackId: e.trackId,
      variant: names.kind,
      key: `${e.startedAt}:${e.trackId}`,
      extras: null,
    });
  }
}

export function createLastfmSandbox(options: LastfmSandboxOptions = {}): LastfmSandbox {
  return new LastfmSandbox(options);
}
