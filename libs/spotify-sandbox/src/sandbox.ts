/** createSpotifySandbox: wires state, clock, faults, simulation and the three route families together. */
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { handleAuthorize, handleDecision } from './accounts';
import { handleToken, identifyTokenCall } from './tokens';
import { SandboxClock, SandboxClockImpl } from './clock';
import { Controller } from './control';
import { handleControl } from './control-routes';
import { controlAllowed, isPublicControlRoute } from './control-access';
import { Core } from './core';
import { FaultStore, faultReply } from './faults';
import {
  closeStandalone,
  formBody,
  json,
  listenStandalone,
  queryObject,
  Reply,
  RequestContext,
  writeReply,
} from './http';
import { iso } from './serialize';
import { hasSample, listSamples } from './samples';
import { playEvent, PlayEvent } from './play-events';
import { Simulation } from './simulation';
import { ResolvedOptions, SandboxState } from './state';
import type { SpotifySandbox, SpotifySandboxOptions } from './types';
import { handleWebApi } from './web-api';

export const DEFAULT_CLIENT = {
  clientId: 'sandbox-client-id',
  clientSecret: 'sandbox-client-secret',
  redirectUris: [
    'http://127.0.0.1:3000/api/v1/spotify/callback',
    'http://127.0.0.1:3000/api/v1/listeners/connect/callback',
    'http://127.0.0.1:3000/api/v1/owners/me/spotify/callback',
  ],
};

const noopLogger = { info: () => undefined, warn: () => undefined };

function resolveOptions(o: SpotifySandboxOptions): ResolvedOptions {
  let basePath = (o.basePath ?? '').trim();
  if (basePath && !basePath.startsWith('/')) basePath = `/${basePath}`;
  basePath = basePath.replace(/\/+$/, '');
  const rate = o.refreshRotationRate ?? 0.5;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError('refreshRotationRate must be within 0..1');
  const speed = o.simulation?.speed ?? 1;
  if (!(speed > 0)) throw new RangeError('simulation.speed must be > 0');
  return {
    basePath,
    publicUrl: o.publicUrl?.replace(/\/+$/, ''),
    clients: o.clients?.length
      ? o.clients.map((c) => ({ ...c, redirectUris: [...c.redirectUris] }))
      : [DEFAULT_CLIENT],
    seed: o.seed ?? 42,
    devModeUserCap: o.devModeUserCap ?? 5,
    mode: o.mode ?? 'development',
    accessTokenTtlS: o.accessTokenTtlS ?? 3600,
    authCodeTtlMs: o.authCodeTtlMs ?? 10 * 60_000,
    refreshRotationRate: rate,
    simulation: { enabled: o.simulation?.enabled ?? false, speed },
    control: { allow: o.control?.allow ?? 'loopback', token: o.control?.token },
    logger: o.logger ?? noopLogger,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class SpotifySandboxImpl implements SpotifySandbox {
  readonly clock: SandboxClock;
  private readonly options: ResolvedOptions;
  private readonly state: SandboxState;
  private readonly faultStore = new FaultStore();
  private readonly simulation: Simulation;
  private readonly core: Core;
  private readonly controller: Controller;
  private server: Server | null = null;
  private listenUrl: string | null = null;

  constructor(opts: SpotifySandboxOptions) {
    this.options = resolveOptions(opts);
    this.clock = new SandboxClockImpl();
    this.state = new SandboxState(this.options);
    this.simulation = new Simulation(this.state, this.clock, {
      enabled: this.options.simulation.enabled,
      speed: this.options.simulation.speed,
      seed: this.options.seed,
      log: (msg) => this.options.logger.info(`[spotify-sandbox] ${msg}`),
    });
    this.core = {
      state: this.state,
      clock: this.clock,
      faults: this.faultStore,
      simulation: this.simulation,
      options: this.options,
      defaultPublicUrl: () =>
        this.options.publicUrl ?? this.listenUrl ?? `http://127.0.0.1${this.options.basePath}`,
    };
    this.controller = new Controller(this.core);
    this.resetState();
    this.simulation.start();
  }

  private resetState(): void {
    this.state.reset(this.clock.now());
    this.faultStore.clear();
    this.simulation.init(this.clock.now());
  }

  reset(): void {
    this.clock.reset();
    this.resetState();
  }

  handle(req: IncomingMessage, res: ServerResponse): boolean {
    // express strips the mount path from req.url; originalUrl keeps it
    const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q >= 0 ? url.slice(0, q) : url;
    const base = this.options.basePath;
    if (base && pathname !== base && !pathname.startsWith(`${base}/`)) return false;
    const rel = pathname.slice(base.length) || '/';
    const ctx: RequestContext = {
      req,
      method: (req.method ?? 'GET').toUpperCase(),
      path: rel,
      query: new URLSearchParams(q >= 0 ? url.slice(q + 1) : ''),
      publicUrl: this.publicUrlFor(req),
      userId: null,
      clientId: null,
      logged: false,
    };
    void this.process(ctx, res);
    return true;
  }

  private publicUrlFor(req: IncomingMessage): string {
    if (this.options.publicUrl) return this.options.publicUrl;
    const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.split(',')[0].trim();
    const proto = first(req.headers['x-forwarded-proto']) || 'http';
    const host = first(req.headers['x-forwarded-host']) || req.headers.host || '127.0.0.1';
    return `${proto}://${host}${this.options.basePath}`;
  }

  private async process(ctx: RequestContext, res: ServerResponse): Promise<void> {
    const at = iso(this.clock.now());
    let reply: Reply;
    try {
      reply = await this.dispatch(ctx);
    } catch (e) {
      this.options.logger.warn(
        `[spotify-sandbox] ${ctx.method} ${ctx.path} failed: ${e instanceof Error ? e.stack : String(e)}`,
      );
      reply = json(500, { error: { status: 500, message: 'Sandbox internal error' } });
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    if (ctx.logged) {
      this.state.calls.push({
        method: ctx.method,
        path: ctx.path,
        query: queryObject(ctx.query),
        userId: ctx.userId,
        clientId: ctx.clientId,
        status: reply.drop ? 0 : reply.status,
        at,
      });
      if (this.state.calls.length > 10_000) this.state.calls.splice(0, this.state.calls.length - 10_000);
    }
    if (!res.destroyed) writeReply(res, reply);
  }

  private async dispatch(ctx: RequestContext): Promise<Reply> {
    const { path, method } = ctx;
    if (path === '/authorize') {
      ctx.logged = true;
      return method === 'GET' ? handleAuthorize(this.core, ctx) : json(405, { error: 'method_not_allowed' });
    }
    if (path === '/authorize/decision') {
      ctx.logged = true;
      return method === 'POST' ? handleDecision(this.core, ctx) : json(405, { error: 'method_not_allowed' });
    }
    if (path === '/api/token') {
      ctx.logged = true;
      if (method !== 'POST') return json(405, { error: 'method_not_allowed', error_description: 'Use POST' });
      const form = await formBody(ctx);
      identifyTokenCall(this.core, ctx, form);
      const fault = this.faultStore.take({ path, userId: ctx.userId, tokenEndpoint: true }, this.clock.now());
      const faulty = fault ? faultReply(fault, true) : null;
      if (faulty) return faulty;
      const reply = handleToken(this.core, ctx, form);
      if (fault?.delayMs) reply.delayMs = fault.delayMs;
      return reply;
    }
    if (path === '/v1' || path.startsWith('/v1/')) {
      ctx.logged = true;
      return handleWebApi(this.core, ctx);
    }
    if (path === '/_sandbox' || path.startsWith('/_sandbox/')) {
      const route = path.split('/').filter(Boolean).slice(1).join('/');
      if (!isPublicControlRoute(method, route) && !controlAllowed(ctx.req, this.options.control)) {
        return json(403, {
          error: {
            status: 403,
            message:
              'The sandbox control API answers only requests from this machine (or with its control token).',
          },
        });
      }
      return handleControl(this.core, this.controller, ctx, () => this.reset());
    }
    if (path === '/' && method === 'GET') {
      return json(200, { name: 'spotify-sandbox', ...this.controller.info(ctx.publicUrl) });
    }
    return json(404, { error: { status: 404, message: 'Not found' } });
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.server) throw new Error('The sandbox is already listening');
    const { server, origin } = await listenStandalone((req, res) => this.handle(req, res), port, host);
    this.server = server;
    this.listenUrl = `${origin}${this.options.basePath}`;
    return this.listenUrl;
  }

  async close(): Promise<void> {
    this.simulation.stop();
    const server = this.server;
    this.server = null;
    await closeStandalone(server);
  }

  // Programmatic control API.
  info = () => this.controller.info();
  catalog = () => this.controller.catalog();
  samples = () => listSamples(this.state.world);
  hasSample = (kind: string, id: string) => hasSample(this.state.world, kind, id);
  createUser: SpotifySandbox['createUser'] = (input) => this.controller.createUser(input);
  addPlay: SpotifySandbox['addPlay'] = (userId, input) => this.controller.addPlay(userId, input);
  scheduleListening: SpotifySandbox['scheduleListening'] = (userId, input) =>
    this.controller.listen(userId, input);
  listeningLog: SpotifySandbox['listeningLog'] = (userId) => this.controller.listeningLog(userId);
  addPlaylistTracks: SpotifySandbox['addPlaylistTracks'] = (id, trackIds, position) =>
    this.controller.addPlaylistTracks(id, trackIds, position);
  removePlaylistTrack: SpotifySandbox['removePlaylistTrack'] = (id, trackId) =>
    this.controller.removePlaylistTrack(id, trackId);
  addCollaborator: SpotifySandbox['addCollaborator'] = (id, userId) =>
    this.controller.addCollaborator(id, userId);
  addFault: SpotifySandbox['addFault'] = (input) => this.controller.addFault(input);
  faults = () => this.controller.faults();
  removeFault = (id: string) => this.faultStore.remove(id);
  clearFaults = () => this.faultStore.clear();
  calls: SpotifySandbox['calls'] = (since) => this.controller.calls(since);
  clearCalls = () => {
    this.state.calls = [];
  };
  revokeTokens: SpotifySandbox['revokeTokens'] = (userId) => this.controller.revokeTokens(userId);
  configure: SpotifySandbox['configure'] = (config) => this.controller.configure(config);
  onPlay: SpotifySandbox['onPlay'] = (listener) => this.state.playEvents.subscribe(listener);
  playHistory: SpotifySandbox['playHistory'] = (userId) =>
    this.controller
      .listeningLog(userId)
      .map((e) => playEvent(this.state.world, userId, e))
      .filter((e): e is PlayEvent => e !== null);
  issueToken: SpotifySandbox['issueToken'] = (input) => this.controller.issueToken(input);
}

export function createSpotifySandbox(options: SpotifySandboxOptions = {}): SpotifySandbox {
  return new SpotifySandboxImpl(options);
}
