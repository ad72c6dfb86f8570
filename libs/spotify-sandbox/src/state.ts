/** Mutable sandbox state: the world plus plays, tokens, codes, authorizations, call log. */
import { buildWorld, IdFactory, World } from './catalog';
import { ListeningEvent, Play, SandboxError } from './model';
import { PlayEvents } from './play-events';
import { Rng } from './rng';
import type { ControlAccessOptions } from './control-access';
import type { SpotifyAppMode } from './web-api-gated';

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface SandboxLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface ResolvedOptions {
  basePath: string;
  publicUrl: string | undefined;
  clients: SandboxClient[];
  seed: number;
  devModeUserCap: number;
  mode: SpotifyAppMode;
  accessTokenTtlS: number;
  authCodeTtlMs: number;
  refreshRotationRate: number;
  simulation: { enabled: boolean; speed: number };
  control: ControlAccessOptions;
  logger: SandboxLogger;
}

export interface AccessToken {
  token: string;
  clientId: string;
  userId: string | null;
  scopes: string[];
  expiresAt: number;
}

export interface RefreshToken {
  token: string;
  clientId: string;
  userId: string;
  scopes: string[];
  /** When the user authorized the app; the token dies 6 months later. */
  authorizedAt: number;
  expiresAt: number;
  revoked: boolean;
  /** Issued through PKCE: refreshing needs client_id only. */
  pkce: boolean;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  codeChallenge: string | null;
  expiresAt: number;
  used: boolean;
}

export interface CallRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  userId: string | null;
  clientId: string | null;
  status: number;
  at: string;
}

/** Only this many plays per user are visible in recently-played. */
export const RECENTLY_PLAYED_WINDOW = 50;
/** Plays kept per user (top items are computed from them). */
const PLAYS_KEPT = 1000;
const LOG_KEPT = 2000;

export function sixMonthsAfter(ms: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + 6);
  return d.getTime();
}

export class SandboxState {
  world!: World;
  plays = new Map<string, Play[]>();
  listeningLog = new Map<string, ListeningEvent[]>();
  accessTokens = new Map<string, AccessToken>();
  refreshTokens = new Map<string, RefreshToken>();
  codes = new Map<string, AuthCode>();
  /** Per client: distinct users in the order they first authorized (the development-mode allow-list). */
  authorizations = new Map<string, string[]>();
  /** Scopes a user approved for a client (to skip the dialog when show_dialog is not true). */
  approvals = new Map<string, Set<string>>();
  calls: CallRecord[] = [];
  /** Subscribers to every listen; kept across resets (other sandboxes subscribe once). */
  readonly playEvents = new PlayEvents();
  devModeUserCap = 5;
  /** development: the 2026 rules (user cap, removed endpoints, search ≤ 10); extended: extended quota. */
  appMode: SpotifyAppMode = 'development';
  runtimeRng!: Rng;
  ids!: IdFactory;

  constructor(readonly options: ResolvedOptions) {}

  reset(now: number): void {
    this.world = buildWorld(this.options.seed, now);
    this.plays = new Map();
    this.listeningLog = new Map();
    this.accessTokens = new Map();
    this.refreshTokens = new Map();
    this.codes = new Map();
    this.authorizations = new Map();
    this.approvals = new Map();
    this.calls = [];
    this.devModeUserCap = this.options.devModeUserCap;
    this.appMode = this.options.mode;
    this.runtimeRng = Rng.derive(this.options.seed, 'runtime');
    this.ids = new IdFactory(Rng.derive(this.options.seed, 'runtime-ids'));
  }

  client(clientId: string | undefined | null): SandboxClient | undefined {
    return this.options.clients.find((c) => c.clientId === clientId);
  }

  user(userId: string) {
    const user = this.world.users.get(userId);
    if (!user) throw new SandboxError(404, `Unknown user ${userId}`);
    return user;
  }

  /** Records that userId authorized clientId (development-mode allow-list order). */
  recordAuthorization(clientId: string, userId: string, scopes: string[]): void {
    const list = this.authorizations.get(clientId) ?? [];
    if (!list.includes(userId)) list.push(userId);
    this.authorizations.set(clientId, list);
    const key = `${clientId}:${userId}`;
    const approved = this.approvals.get(key) ?? new Set<string>();
    for (const s of scopes) approved.add(s);
    this.approvals.set(key, approved);
  }

  /** Development mode: only the first `devModeUserCap` users who authorized the app may call the Web API. */
  userAllowed(clientId: string, userId: string): boolean {
    if (this.appMode === 'extended') return true;
    const list = this.authorizations.get(clientId) ?? [];
    const index = list.indexOf(userId);
    return index >= 0 && index < this.devModeUserCap;
  }

  playsOf(userId: string): Play[] {
    let list = this.plays.get(userId);
    if (!list) {
      list = [];
      this.plays.set(userId, list);
    }
    return list;
  }

  /** Inserts a play keeping the list sorted by played_at (oldest first). */
  insertPlay(userId: string, play: Play): void {
    const list = this.playsOf(userId);
    let i = list.length;
    while (i > 0 && list[i - 1].playedAt > play.playedAt) i--;
    list.splice(i, 0, play);
    if (list.length > PLAYS_KEPT) list.splice(0, list.length - PLAYS_KEPT);
  }

  /** The plays recently-played can show at `now`: the last 50 that already happened, oldest first. */
  visiblePlays(userId: string, now: number): Play[] {
    const list = this.playsOf(userId);
    let end = list.length;
    while (end > 0 && list[end - 1].playedAt > now) end--;
    return list.slice(Math.max(0, end - RECENTLY_PLAYED_WINDOW), end);
  }

  logEvent(userId: string, event: ListeningEvent): void {
    this.playEvents.emit(this.world, userId, event);
    let list = this.listeningLog.get(userId);
    if (!list) {
      list = [];
      this.listeningLog.set(userId, list);
    }
    list.push(event);
    if (list.length > LOG_KEPT) list.splice(0, list.length - LOG_KEPT);
  }
}
