/**
 * @soundlink/spotify-sandbox: a local emulator of Spotify's accounts service and the Web API endpoints
 * Soundlink uses, over real HTTP (node:http only). See README.md.
 */
export { createSpotifySandbox, DEFAULT_CLIENT } from './sandbox';
export { intEnv, spotifySandboxOptionsFromEnv } from './env-options';
export { controlAllowed, isLoopbackAddress, isPublicControlRoute } from './control-access';
export type { ControlAccessOptions } from './control-access';
export type {
  SpotifySandbox,
  SpotifySandboxOptions,
  CatalogSnapshot,
  SandboxInfo,
  PlayInput,
  PlayHistoryJson,
  PublicFault,
} from './types';
export type { SandboxClock } from './clock';
export type { FaultInput, FaultStatus } from './faults';
export { DEV_MODE_BODY, TimedFaultStore } from './faults';
export type { TimedFault } from './faults';
export type { ListenResult } from './simulation';
export type { PlayEvent, PlayListener } from './play-events';
export type { SpotifyAppMode } from './web-api-gated';
export { SandboxClockImpl, parseInstant } from './clock';
// The HTTP plumbing, for the sibling sandboxes (libs/sources-sandbox) that serve the same way.
export {
  BadJson,
  bodyOf,
  escapeHtml,
  formBody,
  html,
  json,
  jsonBody,
  queryObject,
  redirect,
  text,
  writeReply,
  listenStandalone,
  closeStandalone,
} from './http';
export type { Reply, RequestContext } from './http';
export type { CallRecord, SandboxClient, SandboxLogger } from './state';
export type { TokenResponse } from './tokens';
export type { ListeningEvent } from './model';
export type { SandboxSample, SampleKind, SampleUser } from './samples';
