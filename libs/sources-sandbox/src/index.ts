/**
 * @soundlink/sources-sandbox: local emulators of Last.fm (API 2.0 and web authentication) and ListenBrainz
 * (API v1) over real HTTP, that can mirror the Spotify sandbox's simulated listening. See README.md.
 */
export { createLastfmSandbox, LastfmSandbox, scrobbleThresholdMs } from './lastfm/sandbox';
export type { LastfmSandboxOptions, LastfmScrobbleInput } from './lastfm/sandbox';
export { DEFAULT_LASTFM_APP } from './lastfm/state';
export type { LastfmApp } from './lastfm/state';
export { lastfmSignature } from './lastfm/signature';
export { LASTFM_ERRORS } from './lastfm/errors';
export { LASTFM_MAX_LIMIT } from './lastfm/api';
export { createListenBrainzSandbox, ListenBrainzSandbox } from './listenbrainz/sandbox';
export type { ListenBrainzSandboxOptions, ListenInput } from './listenbrainz/sandbox';
export { LB_DEFAULT_COUNT, LB_MAX_COUNT } from './listenbrainz/api';
export type { SourceCall, SourceSandboxOptions } from './shared/server';
export type { SourceFaultInput } from './shared/faults';
export type { RateLimit } from './shared/rate-limit';
export { variantFor } from './shared/variants';
export type { Variant, VariantKind } from './shared/variants';
export { sourceUserName } from './shared/user-names';
