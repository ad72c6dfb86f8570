/** What every route handler gets: state, clock, faults, simulation and options. */
import type { SandboxClock } from './clock';
import type { FaultStore } from './faults';
import type { Simulation } from './simulation';
import type { ResolvedOptions, SandboxState } from './state';

export interface Core {
  state: SandboxState;
  clock: SandboxClock;
  faults: FaultStore;
  simulation: Simulation;
  options: ResolvedOptions;
  /** origin + basePath used when no request is at hand (programmatic API). */
  defaultPublicUrl(): string;
}

export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  'app-remote-control',
  'playlist-read-private',
  'playlist-read-collaborative',
  'playlist-modify-public',
  'playlist-modify-private',
  'user-library-read',
  'user-library-modify',
  'user-read-private',
  'user-read-email',
  'user-follow-read',
  'user-follow-modify',
  'user-top-read',
  'user-read-playback-position',
  'user-read-playback-state',
  'user-read-recently-played',
  'user-read-currently-playing',
  'user-modify-playback-state',
  'ugc-image-upload',
  'streaming',
  'user-personalized',
]);
