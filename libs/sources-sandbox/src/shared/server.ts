/**
 * What the Last.fm and ListenBrainz sandboxes share: the base path, the request context, the call log, the
 * control API's access rule and its common routes (calls, faults, clock, reset), standalone listening.
 * Each service implements `serve` (its API) and `control` (its own control routes).
 */
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  BadJson,
  controlAllowed,
  ControlAccessOptions,
  json,
  PlayEvent,
  PlayListener,
  jsonBody,
  parseInstant,
  queryObject,
  Reply,
  RequestContext,
  SandboxClock,
  SandboxClockImpl,
  writeReply,
  listenStandalone,
  closeStandalone,
} from '@soundlink/spotify-sandbox';
import { FaultInputError, SourceFaultStore } from './faults';
import { ListenStore, SourceUser } from './listens';

export interface SourceCall {
  method: string;
  path: string;
  /** The query and form parameters, with secrets (api_sig, sk, token) masked. */
  query: Record<string, string>;
  /** The user the call was about or authenticated as, when known. */
  user: string | null;
  status: number;
  /** Last.fm's error code when it answered one. */
  error: number | null;
  at: string;
}

export interface SandboxLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface SourceSandboxOptions {
  /** '' standalone; '/sandbox/lastfm' or '/sandbox/listenbrainz' when mounted in the API. */
  basePath?: string;
  publicUrl?: string;
  /** Names and timestamps variants derive from it; default 42. */
  seed?: number;
  /** Share a clock (the Spotify sandbox's, so mirrored plays line up); default a clock of its own. */
  clock?: SandboxClock;
  control?: ControlAccessOptions;
  logger?: SandboxLogger;
  /**
   * The Spotify sandbox (or anything with its play hook): users created with a `spotifyUserId` scrobble that
   * Spotify user's plays here, with the differences a real scrobbler shows.
   */
  spotify?: { onPlay(listener: PlayListener): () => void; playHistory(userId: string): PlayEvent[] };
}

/** A control-API error: answered as {error: {status, message}} like the Spotify sandbox's control API. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const SECRET_PARAMS = new Set(['api_sig', 'sk', 'token']);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface SourceContext extends RequestContext {
  /** Set by handlers for the call log. */
  user: string | null;
  error: number | null;
}

export abstract class SourceSandboxServer {
  readonly clock: SandboxClock;
  readonly store = new ListenStore();
  readonly faultStore = new SourceFaultStore();
  protected readonly basePath: string;
  protected readonly seed: number;
  protected readonly logger: SandboxLogger;
  private callLog: SourceCall[] = [];
  private server: Server | null = null;
  private listenUrl: string | null = null;
  private unsubscribe: (() => void) | null = null;

  protected constructor(
    protected readonly serviceName: string,
    protected readonly options: SourceSandboxOptions,
  ) {
    let basePath = (options.basePath ?? '').trim().replace(/\/+$/, '');
    if (basePath && !basePath.startsWith('/')) basePath = `/${basePath}`;
    this.basePath = basePath;
    this.seed = options.seed ?? 42;
    this.clock = options.clock ?? new SandboxClockImpl();
    this.logger = options.logger ?? { info: () => undefined, warn: () => undefined };
    this.unsubscribe = options.spotify?.onPlay((event) => this.onSpotifyPlay(event)) ?? null;
  }

  /**
   * Links a new user to a Spotify sandbox user: their listening so far (the simulated history included)
   * is scrobbled at once, what they play next as it happens.
   */
  protected linkSpotifyUser(user: SourceUser): void {
    if (!user.spotifyUserId || !this.options.spotify) return;
    let history: PlayEvent[];
    try {
      history = this.options.spotify.playHistory(user.spotifyUserId);
    } catch {
      throw new ControlError(404, `Unknown Spotify sandbox user ${user.spotifyUserId}`);
    }
    for (const event of history) this.mirror(user, event);
  }

  private onSpotifyPlay(event: PlayEvent): void {
    for (const user of this.store.bySpotifyUser(event.userId)) this.mirror(user, event);
  }

  /** Stores what this service would show of a Spotify play by a user who scrobbles it. */
  protected abstract mirror(user: SourceUser, event: PlayEvent): void;

  /** The service's API (everything outside /_sandbox/). */
  protected abstract serve(ctx: SourceContext): Promise<Reply>;
  /** The service's own control routes; null when the route is not one of them. */
  protected abstract control(ctx: SourceContext, seg: string[]): Promise<Reply | null>;
  /** Back to the seeded state, beyond what reset() clears here. */
  protected abstract resetOwn(): void;
  abstract info(publicUrl?: string): Record<string, unknown>;

  defaultPublicUrl(): string {
    return this.options.publicUrl ?? this.listenUrl ?? `http://127.0.0.1${this.basePath}`;
  }

  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q >= 0 ? url.slice(0, q) : url;
    const base = this.basePath;
    if (base && pathname !== base && !pathname.startsWith(`${base}/`)) return false;
    const ctx: SourceContext = {
      req,
      method: (req.method ?? 'GET').toUpperCase(),
      path: pathname.slice(base.length) || '/',
      query: new URLSearchParams(q >= 0 ? url.slice(q + 1) : ''),
      publicUrl: this.publicUrlFor(req),
      userId: null,
      clientId: null,
      logged: false,
      user: null,
      error: null,
    };
    void this.process(ctx, res);
    return true;
  }

  private publicUrlFor(req: IncomingMessage): string {
    if (this.options.publicUrl) return this.options.publicUrl;
    const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.split(',')[0].trim();
    const proto = first(req.headers['x-forwarded-proto']) || 'http';
    const host = first(req.headers['x-forwarded-host']) || req.headers.host || '127.0.0.1';
    return `${proto}://${host}${this.basePath}`;
  }

  private async process(ctx: SourceContext, res: ServerResponse): Promise<void> {
    const at = new Date(this.clock.now()).toISOString();
    let reply: Reply;
    try {
      reply = await this.dispatch(ctx);
    } catch (e) {
      this.logger.warn(`[${this.serviceName}-sandbox] ${ctx.method} ${ctx.path} failed: ${String(e)}`);
      reply = json(500, { error: { status: 500, message: 'Sandbox internal error' } });
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    if (ctx.logged) {
      const query: Record<string, string> = {};
      for (const [k, v] of Object.entries(queryObject(ctx.query))) query[k] = SECRET_PARAMS.has(k) ? '…' : v;
      this.callLog.push({
        method: ctx.method,
        path: ctx.path,
        query,
        user: ctx.user,
        status: reply.drop ? 0 : reply.status,
        error: ctx.error,
        at,
      });
      if (this.callLog.length > 10_000) this.callLog.splice(0, this.callLog.length - 10_000);
    }
    if (!res.destroyed) writeReply(res, reply);
  }

  private async dispatch(ctx: SourceContext): Promise<Reply> {
    if (ctx.path !== '/_sandbox' && !ctx.path.startsWith('/_sandbox/')) return this.serve(ctx);
    const seg = ctx.path.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
    const isPublic = ctx.method === 'GET' && (seg.length === 0 || (seg.length === 1 && seg[0] === 'info'));
    if (!isPublic && !controlAllowed(ctx.req, this.options.control)) {
      return json(403, {
        error: {
          status: 403,
          message:
            'The sandbox control API answers only requests from this machine (or with its control token).',
        },
      });
    }
    try {
      return (await this.commonControl(ctx, seg)) ?? (await this.control(ctx, seg)) ?? this.noRoute(ctx, seg);
    } catch (e) {
      if (e instanceof ControlError)
        return json(e.status, { error: { status: e.status, message: e.message } });
      if (e instanceof FaultInputError || e instanceof RangeError)
        return json(400, { error: { status: 400, message: e.message } });
      if (e instanceof BadJson)
        return json(400, { error: { status: 400, message: `Invalid JSON body: ${e.message}` } });
      throw e;
    }
  }

  private noRoute(ctx: SourceContext, seg: string[]): Reply {
    return json(404, {
      error: { status: 404, message: `No control route ${ctx.method} /_sandbox/${seg.join('/')}` },
    });
  }

  private async commonControl(ctx: SourceContext, seg: string[]): Promise<Reply | null> {
    const m = ctx.method;
    const route = seg.join('/');
    if (m === 'GET' && (route === '' || route === 'info')) return json(200, this.info(ctx.publicUrl));
    if (route === 'calls') {
      if (m === 'GET') return json(200, this.calls(ctx.query.get('since') ?? undefined));
      if (m === 'DELETE') {
        this.clearCalls();
        return { status: 204 };
      }
    }
    if (seg[0] === 'faults') {
      if (seg.length === 1 && m === 'POST') return json(201, this.addFault(await jsonBody(ctx)));
      if (seg.length === 1 && m === 'GET') return json(200, this.faults());
      if (seg.length === 1 && m === 'DELETE') {
        this.faultStore.clear();
        return { status: 204 };
      }
      if (seg.length === 2 && m === 'DELETE') {
        if (!this.faultStore.remove(seg[1])) throw new ControlError(404, 'Unknown fault');
        return { status: 204 };
      }
    }
    if (route === 'clock' && (m === 'GET' || m === 'POST')) {
      if (m === 'POST') {
        const body = await jsonBody(ctx);
        // Everything is checked before anything changes: a 400 leaves the clock as it was.
        const now = body['now'] === undefined ? undefined : parseInstant(body['now'] as string);
        const advanceMs = body['advanceMs'];
        if (advanceMs !== undefined && (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs)))
          throw new ControlError(400, 'advanceMs must be a number');
        if (body['frozen'] !== undefined && typeof body['frozen'] !== 'boolean')
          throw new ControlError(400, 'frozen must be a boolean');
        if (body['frozen'] === true) this.clock.freeze(true);
        if (now !== undefined) this.clock.set(now);
        if (typeof advanceMs === 'number') this.clock.advance(advanceMs);
        if (body['frozen'] === false) this.clock.freeze(false);
      }
      return json(200, { now: new Date(this.clock.now()).toISOString(), frozen: this.clock.isFrozen() });
    }
    if (route === 'reset' && m === 'POST') {
      this.reset();
      return json(200, { reset: true, now: new Date(this.clock.now()).toISOString() });
    }
    return null;
  }

  /** Faults are validated by the service (its error codes and statuses). */
  abstract addFault(input: Record<string, unknown>): { id: string };

  faults() {
    return this.faultStore.list(this.clock.now()).map((f) => ({
      ...f,
      createdAt: new Date(f.createdAt).toISOString(),
      expiresAt: f.expiresAt === null ? null : new Date(f.expiresAt).toISOString(),
    }));
  }

  calls(since?: string | number): SourceCall[] {
    if (since === undefined || since === '') return [...this.callLog];
    const from = typeof since === 'string' && /^\d+$/.test(since) ? Number(since) : parseInstant(since);
    return this.callLog.filter((c) => Date.parse(c.at) >= from);
  }

  clearCalls(): void {
    this.callLog = [];
  }

  /** Users, listens, faults, calls and the service's own state; the clock is left alone (it may be shared). */
  reset(): void {
    this.store.clear();
    this.faultStore.clear();
    this.callLog = [];
    this.resetOwn();
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server) throw new Error('The sandbox is already listening');
    const { server, origin } = await listenStandalone((req, res) => this.handle(req, res), port, host);
    this.server = server;
    this.listenUrl = `${origin}${this.basePath}`;
    return this.listenUrl;
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    const server = this.server;
    this.server = null;
    await closeStandalone(server);
  }
}
