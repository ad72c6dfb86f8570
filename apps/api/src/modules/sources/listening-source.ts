import type { SourcePlay } from '../listener/source-plays';
import type { SourceKind } from './listening-source.entity';

/**
 * A listening source beside Spotify (docs/listeners.md, "Sources"): how a listener proves an account is
 * theirs, and how its listening is read incrementally. A new source is one folder implementing this, listed
 * in sources.module.ts; the connect flows, polling, the listener's page, disconnect and erase are shared.
 */
export interface ListeningSource {
  readonly kind: SourceKind;
  /** For people: "Last.fm", "ListenBrainz". */
  readonly label: string;
  /** What it shares, in one sentence (the connect page). */
  readonly shares: string;
  /**
   * Turns the listener's proof (Last.fm: the web-authentication token of the callback; ListenBrainz: the
   * user token they pasted) into the account and the credential to keep. SourceProofError when refused.
   */
  prove(proof: string): Promise<SourceAccount>;
  /**
   * The plays that started at or after `sinceMs` (null: the source's first read window), oldest or newest
   * first, at most `maxPlays`. Throws SourceReconnectError, SourcePausedError or SourceUnavailableError.
   */
  fetchSince(account: SourceAccount, sinceMs: number, maxPlays: number): Promise<SourcePlay[]>;
}

export interface SourceAccount {
  accountName: string;
  /** The secret to keep (encrypted at rest): Last.fm session key, ListenBrainz user token. */
  credential: string;
}

/** The listener's proof was refused (a used or expired Last.fm token, an invalid ListenBrainz token). */
export class SourceProofError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SourceProofError';
  }
}

/** The service refused the stored credential: the listener must connect again (Last.fm 9, ListenBrainz 401). */
export class SourceReconnectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceReconnectError';
  }
}

/** Every call to the service is paused app-wide until `untilMs` (Last.fm 29, ListenBrainz 429). */
export class SourcePausedError extends Error {
  constructor(
    readonly kind: SourceKind,
    readonly untilMs: number,
  ) {
    super(`${kind} calls are paused until ${new Date(untilMs).toISOString()} (rate limit)`);
    this.name = 'SourcePausedError';
  }
}

/** The service failed for now (offline, temporarily unavailable, 5xx, network): retried later. */
export class SourceUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceUnavailableError';
  }
}
