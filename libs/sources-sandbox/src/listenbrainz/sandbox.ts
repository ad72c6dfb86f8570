/**
 * createListenBrainzSandbox: a local emulator of the ListenBrainz API v1 parts Soundlink uses (validate-token,
 * a user's listens), its rate-limit headers and its errors, over real HTTP. See README.md.
 */
import { randomUUID } from 'node:crypto';
import { json, jsonBody, PlayEvent, Reply } from '@soundlink/spotify-sandbox';
import { validateSourceFault } from '../shared/faults';
import { parseTimestamp, SourceUser, StoredListen } from '../shared/listens';
import { RateLimit, RateLimiter, validateRateLimit } from '../shared/rate-limit';
import { ControlError, SourceContext, SourceSandboxOptions, SourceSandboxServer } from '../shared/server';
import { unitHash, variantFor } from '../shared/variants';
import { handleListenBrainzApi, ListenBrainzCore } from './api';

export interface ListenBrainzSandboxOptions extends SourceSandboxOptions {
  /** Requests per token (or per address without one) and window; default 50 per 10 seconds. */
  rateLimit?: RateLimit;
  /** Share of mirrored listens that come through ListenBrainz's own Spotify importer (with spotify_id); 0.5. */
  spotifyImportRate?: number;
}

export interface ListenInput {
  artistName: string;
  trackName: string;
  releaseName?: string;
  /** ISO date-time or unix seconds: when playback started. */
  listenedAt: string | number;
  /** A Spotify track id, spotify: URI or open.spotify.com URL; stored as the URL, as ListenBrainz does. */
  spotifyId?: string;
  isrc?: string;
  durationMs?: number;
}

const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SPOTIFY_ID = /^[0-9A-Za-z]{22}$/;

function spotifyUrl(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ControlError(400, 'spotifyId must be a string');
  const id =
    /^spotify:track:([0-9A-Za-z]{22})$/.exec(value)?.[1] ??
    /^https:\/\/open\.spotify\.com\/(?:intl-[a-z-]+\/)?track\/([0-9A-Za-z]{22})/.exec(value)?.[1] ??
    (SPOTIFY_ID.test(value) ? value : null);
  if (!id) throw new ControlError(400, 'spotifyId must be a Spotify track id, URI or open.spotify.com URL');
  return `https://open.spotify.com/track/${id}`;
}

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

const SCROBBLERS = ['Web Scrobbler', 'Pano Scrobbler', 'Navidrome', 'Rockbox'];

export class ListenBrainzSandbox extends SourceSandboxServer {
  readonly tokens = new Map<string, string>();
  readonly limiter: RateLimiter;
  private readonly core: ListenBrainzCore;
  private readonly importRate: number;

  constructor(options: ListenBrainzSandboxOptions = {}) {
    super('listenbrainz', options);
    this.limiter = new RateLimiter(options.rateLimit ?? { limit: 50, windowMs: 10_000 });
    this.importRate = options.spotifyImportRate ?? 0.5;
    if (!(this.importRate >= 0 && this.importRate <= 1))
      throw new RangeError('spotifyImportRate must be within 0..1');
    this.core = {
      store: this.store,
      faults: this.faultStore,
      limiter: this.limiter,
      tokens: this.tokens,
      now: () => this.clock.now(),
    };
  }

  info(publicUrl = this.defaultPublicUrl()): Record<string, unknown> {
    return {
      name: 'listenbrainz-sandbox',
      apiUrl: publicUrl,
      users: this.store.all().map((u) => u.name),
      rateLimit: { ...this.limiter.config },
    };
  }

  protected async serve(ctx: SourceContext): Promise<Reply> {
    if (ctx.path === '/' && ctx.method === 'GET') return json(200, this.info(ctx.publicUrl));
    return handleListenBrainzApi(this.core, ctx);
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
          }),
        );
      }
      if (seg.length === 3 && seg[2] === 'listens' && m === 'POST') {
        return json(201, this.addListen(seg[1], (await jsonBody(ctx)) as unknown as ListenInput));
      }
      if (seg.length === 3 && seg[2] === 'token' && m === 'POST') return json(200, this.resetToken(seg[1]));
    }
    if (seg[0] === 'config' && seg.length === 1) {
      if (m === 'POST') return json(200, this.configure((await jsonBody(ctx)) as { rateLimit?: RateLimit }));
      if (m === 'GET') return json(200, this.configure({}));
    }
    return null;
  }

  protected resetOwn(): void {
    this.tokens.clear();
    this.limiter.reset();
  }

  addFault(input: Record<string, unknown>): { id: string } {
    const valid = validateSourceFault(input, { statuses: [401, 429, 500, 502, 503] });
    return { id: this.faultStore.add(valid, this.clock.now()).id };
  }

  users(): Array<{ userName: string; spotifyUserId: string | null; listens: number }> {
    return this.store
      .all()
      .map((u) => ({ userName: u.name, spotifyUserId: u.spotifyUserId, listens: u.listens.length }));
  }

  /** POST /_sandbox/users: `{userName}` → `{userName, token}` (the user token of their settings page). */
  createUser(input: { userName: string; spotifyUserId?: string }): { userName: string; token: string } {
    const name = typeof input.userName === 'string' ? input.userName.trim() : '';
    if (!USER_NAME.test(name))
      throw new ControlError(400, 'userName must be 1-64 letters, digits, ., _ or -');
    if (this.store.get(name)) throw new ControlError(409, `User ${name} exists`);
    const user = this.store.add(name, input.spotifyUserId ?? null);
    try {
      this.linkSpotifyUser(user);
    } catch (e) {
      this.store.remove(name);
      throw e;
    }
    const token = randomUUID();
    this.tokens.set(token, name);
    return { userName: name, token };
  }

  private user(name: string): SourceUser {
    const user = this.store.get(name);
    if (!user) throw new ControlError(404, `Unknown user ${name}`);
    return user;
  }

  /** The user resets their token on the settings page: the old one is invalid from now on. */
  resetToken(userName: string): { userName: string; token: string } {
    const user = this.user(userName);
    for (const [token, name] of this.tokens) if (name === user.name) this.tokens.delete(token);
    const token = randomUUID();
    this.tokens.set(token, user.name);
    return { userName: user.name, token };
  }

  /** POST /_sandbox/users/{userName}/listens: a listen as a scrobbler submitted it, inserted now. */
  addListen(userName: string, input: ListenInput): Record<string, unknown> {
    const user = this.user(userName);
    const body = input as unknown as Record<string, unknown>;
    const startedAt = parseTimestamp(body['listenedAt']);
    if (startedAt === null)
      throw new ControlError(400, 'listenedAt must be an ISO date-time or unix seconds');
    const isrc = str(body, 'isrc', true) ?? null;
    const duration = body['durationMs'];
    if (duration !== undefined && (typeof duration !== 'number' || !(duration > 0)))
      throw new ControlError(400, 'durationMs must be a positive number');
    const artistName = str(body, 'artistName') as string;
    const trackName = str(body, 'trackName') as string;
    const listen: StoredListen = {
      startedAt,
      // Submitted now; a listen dated ahead of the clock shows up when the clock gets there.
      visibleAt: Math.max(startedAt, this.clock.now()),
      endsAt: startedAt,
      artistName,
      trackName,
      albumName: str(body, 'releaseName', true) ?? '',
      durationMs: (duration as number | undefined) ?? null,
      spotifyUrl: spotifyUrl(body['spotifyId']),
      isrc,
      spotifyTrackId: null,
      variant: 'control',
      key: `${startedAt}:${artistName}:${trackName}`,
      extras: { submission_client: 'sandbox control API' },
    };
    this.store.insert(user, listen);
    return { userName: user.name, listenedAt: Math.floor(startedAt / 1000), artistName, trackName };
  }

  configure(config: { rateLimit?: RateLimit }): { rateLimit: RateLimit } {
    if (config.rateLimit !== undefined) this.limiter.config = validateRateLimit(config.rateLimit);
    return { rateLimit: { ...this.limiter.config } };
  }

  /**
   * A Spotify play as ListenBrainz shows it: about half come through its Spotify importer (Spotify's names,
   * spotify_id, inserted a few minutes after the track ended), the rest from a scrobbler (the player's names,
   * no Spotify id, sometimes an ISRC), submitted once half the track or 4 minutes played.
   */
  protected mirror(user: SourceUser, e: PlayEvent): void {
    const threshold = Math.min(e.durationMs / 2, 4 * 60_000);
    if (e.durationMs < 30_000 || e.msPlayed < threshold) return;
    const label = `${this.seed}:listenbrainz:${user.name.toLowerCase()}:${e.trackId}:${e.startedAt}`;
    const imported = unitHash(`${label}:import`) < this.importRate;
    const key = `${e.startedAt}:${e.trackId}`;
    const common = {
      startedAt: e.startedAt,
      endsAt: e.endedAt,
      durationMs: e.durationMs,
      spotifyTrackId: e.trackId,
      key,
    };
    if (imported) {
      const url = `https://open.spotify.com/track/${e.trackId}`;
      this.store.insert(user, {
        ...common,
        visibleAt: e.endedAt + Math.round(60_000 + unitHash(`${label}:delay`) * 240_000),
        artistName: e.artistNames.join(', '),
        trackName: e.trackName,
        albumName: e.albumName,
        spotifyUrl: url,
        isrc: null,
        variant: 'spotify-import',
        extras: {
          music_service: 'spotify.com',
          origin_url: url,
          submission_client: 'listenbrainz',
          listening_from: 'spotify',
        },
      });
      return;
    }
    const names = variantFor(
      { seed: this.seed, service: 'listenbrainz', user: user.name, trackId: e.trackId },
      e,
      true,
    );
    const client =
      SCROBBLERS[Math.floor(unitHash(`${this.seed}:client:${user.name.toLowerCase()}`) * SCROBBLERS.length)];
    this.store.insert(user, {
      ...common,
      visibleAt: e.startedAt + threshold,
      durationMs: unitHash(`${label}:duration`) < 0.7 ? e.durationMs : null,
      artistName: names.artistName,
      trackName: names.trackName,
      albumName: names.albumName,
      spotifyUrl: null,
      isrc: unitHash(`${label}:isrc`) < 0.15 ? e.isrc : null,
      variant: names.kind,
      extras: { submission_client: client },
    });
  }
}

export function createListenBrainzSandbox(options: ListenBrainzSandboxOptions = {}): ListenBrainzSandbox {
  return new ListenBrainzSandbox(options);
}
