/** Public types of the sandbox (re-exported from index.ts). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxClock } from './clock';
import type { FaultInput } from './faults';
import type { ListenResult } from './simulation';
import type { CallRecord, SandboxClient, SandboxLogger } from './state';
import type { TokenResponse } from './tokens';
import type { ListeningEvent } from './model';
import type { ControlAccessOptions } from './control-access';
import type { SandboxSample } from './samples';
import type { SpotifyAppMode } from './web-api-gated';
import type { PlayEvent, PlayListener } from './play-events';

export interface SpotifySandboxOptions {
  /** '' standalone; '/sandbox/spotify' when mounted inside the API process. All routes live under it. */
  basePath?: string;
  /** Absolute origin+basePath used in href/next/external urls; default derived from the request Host. */
  publicUrl?: string;
  /** Registered apps; default one app 'sandbox-client-id' / 'sandbox-client-secret' (see DEFAULT_CLIENT). */
  clients?: SandboxClient[];
  /** Catalog + simulation seed, default 42. */
  seed?: number;
  /** Development-mode user cap, default 5 (as Spotify in 2026). */
  devModeUserCap?: number;
  /**
   * 'development' (default, as any Spotify app created today): the user cap applies and the endpoints Spotify
   * removed for development-mode apps in February 2026 answer 403; search returns at most 10 items.
   * 'extended': extended quota (no user cap, every endpoint). Switchable at run time (`configure`).
   */
  mode?: SpotifyAppMode;
  /** Default 3600. */
  accessTokenTtlS?: number;
  /** Default 10 minutes. */
  authCodeTtlMs?: number;
  /** Probability 0..1 that a refresh returns a new refresh_token, default 0.5 (seeded RNG). */
  refreshRotationRate?: number;
  /** Simulated listening; speed multiplies the clock-driven pace, default 1. */
  simulation?: { enabled: boolean; speed?: number };
  /**
   * Who may use the control API (/_sandbox/… except info, catalog, samples and images): by default only requests
   * from this machine's loopback interface; see ControlAccessOptions.
   */
  control?: ControlAccessOptions;
  logger?: SandboxLogger;
}

export interface CatalogSnapshot {
  users: Array<{ id: string; displayName: string }>;
  playlists: Array<{ id: string; name: string; ownerId: string; trackIds: string[] }>;
  albums: Array<{ id: string; name: string; artistIds: string[]; trackIds: string[] }>;
  artists: Array<{ id: string; name: string }>;
  tracks: Array<{ id: string; name: string; albumId: string; artistIds: string[]; durationMs: number }>;
}

export interface SandboxInfo {
  accountsUrl: string;
  apiUrl: string;
  labelUserId: string;
  demoPlaylistId: string;
  listenerIds: string[];
  devModeUserCap: number;
  mode: SpotifyAppMode;
  simulation: { enabled: boolean; speed: number };
}

export interface PlayInput {
  trackId: string;
  /** ISO date-time or epoch ms; default: the sandbox clock's now. */
  playedAt?: string | number;
  context?: { type: string; uri: string } | null;
}

/** A play as recently-played shows it: {track, played_at, context}. */
export type PlayHistoryJson = Record<string, unknown>;

export interface PublicFault extends FaultInput {
  id: string;
  createdAt: string;
  remaining: number | null;
  expiresAt: string | null;
}

export interface SpotifySandbox {
  /** Handles a request whose path starts with basePath; returns false (and writes nothing) if it is not under basePath. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Standalone: starts an http server on host:port (port 0 = random). Resolves with its base URL (+basePath). */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops the server (if listening) and the simulation timers. */
  close(): Promise<void>;
  readonly clock: SandboxClock;

  // Programmatic equivalents of the control API (/_sandbox/…).
  info(): SandboxInfo;
  catalog(): CatalogSnapshot;
  /** GET /_sandbox/samples: what a campaign can be made of (public playlists, albums, artists, tracks), with links. */
  samples(): SandboxSample[];
  /** Whether the sandbox knows the item at all (private playlists included). */
  hasSample(kind: string, id: string): boolean;
  createUser(input: { displayName: string; simulate?: boolean }): { id: string; displayName: string };
  addPlay(userId: string, input: PlayInput): PlayHistoryJson;
  /** POST /_sandbox/users/{userId}/listen: the user plays `count` tracks of a playlist/album/artist soon. */
  scheduleListening(userId: string, input: { contextUri: string; count?: number }): ListenResult;
  listeningLog(userId: string): ListeningEvent[];
  addPlaylistTracks(playlistId: string, trackIds: string[], position?: number): { snapshotId: string };
  removePlaylistTrack(playlistId: string, trackId: string): { snapshotId: string };
  addCollaborator(playlistId: string, userId: string): { playlistId: string; collaboratorIds: string[] };
  addFault(input: FaultInput): { id: string };
  faults(): PublicFault[];
  removeFault(id: string): boolean;
  clearFaults(): void;
  calls(since?: string | number): CallRecord[];
  clearCalls(): void;
  revokeTokens(userId: string): { revoked: number };
  configure(config: { devModeUserCap?: number; mode?: SpotifyAppMode }): {
    devModeUserCap: number;
    mode: SpotifyAppMode;
  };
  /**
   * Calls `listener` with every listen of every user (simulated, scheduled or added through the control API),
   * once, when it is created; returns the unsubscribe function. Other sandboxes (Last.fm, ListenBrainz) use it
   * to show the same listening.
   */
  onPlay(listener: PlayListener): () => void;
  /**
   * The user's past listens (the listening log: simulated history included, skips included) as `onPlay` would
   * have announced them, oldest first: a service linked to the user later fills its history from it.
   */
  playHistory(userId: string): PlayEvent[];
  /** Issues tokens for a user without the consent page (counts as an authorization for the dev-mode cap). */
  issueToken(input: { userId: string; scope?: string; clientId?: string }): TokenResponse;
  /** Back to the seeded state (world, plays, tokens, faults, calls, config, clock). */
  reset(): void;
}
