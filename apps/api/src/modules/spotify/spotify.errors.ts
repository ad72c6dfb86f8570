import { DomainError, ErrorDetailDto } from '../../common/errors/api-error';

/**
 * Stable codes of everything that can go wrong talking to Spotify. Integrators and the SPA match on these
 * (they are the `error` field of the JSON answer), so never rename one.
 */
export enum SpotifyErrorCode {
  /** The listener's/owner's authorization is gone (refresh token expired after 6 months or revoked). */
  ReconnectRequired = 'SpotifyReconnectRequired',
  /** Development mode: the user is not on the app's allow-list (at most 5 users). */
  DevModeCap = 'SpotifyDevModeCap',
  /** Spotify refused access to a resource (e.g. a playlist the token's user neither owns nor collaborates on). */
  Forbidden = 'SpotifyForbidden',
  /** The resource does not exist, is private, or is a Spotify-owned editorial playlist. */
  NotFound = 'SpotifyNotFound',
  /** Spotify rejected our request as malformed: a bug on our side. */
  BadRequest = 'SpotifyBadRequest',
  /** Spotify rejected our app credentials (client id/secret) or the OAuth exchange. */
  AuthFailed = 'SpotifyAuthFailed',
  /** The whole process is pausing Spotify calls because of a 429 with a long Retry-After. */
  RateLimited = 'SpotifyRateLimited',
  /** Spotify reported the app's quota exhausted (429 QUOTA_EXCEEDED): calls pause for a long time. */
  QuotaExceeded = 'SpotifyQuotaExceeded',
  /** Spotify did not answer (network error, timeout) or kept failing with 5xx. */
  Unavailable = 'SpotifyUnavailable',
}

/** Base of every Spotify failure: a DomainError, so the global filter answers the uniform JSON shape. */
export abstract class SpotifyError extends DomainError {
  /** The HTTP status Spotify answered with, when it answered. */
  readonly spotifyStatus?: number;

  constructor(
    code: SpotifyErrorCode | string,
    status: number,
    message: string,
    options: { spotifyStatus?: number; headers?: Record<string, string>; details?: ErrorDetailDto[] } = {},
  ) {
    super(code, status, message, options.details, options.headers);
    this.name = new.target.name;
    this.spotifyStatus = options.spotifyStatus;
  }
}

export class SpotifyReconnectRequiredError extends SpotifyError {
  constructor(readonly spotifyReason = 'Invalid refresh token') {
    super(
      SpotifyErrorCode.ReconnectRequired,
      409,
      `Spotify no longer accepts this account's authorization (${spotifyReason}). Connect the Spotify account again.`,
      { spotifyStatus: 400 },
    );
  }
}

/** The development-mode refusal, answered as plain text (not JSON) by Spotify. */
export const DEV_MODE_REFUSAL = 'User not registered in the Developer Dashboard';

/** Spotify's 403 whose body says DEV_MODE_REFUSAL. */
export class SpotifyDevModeCapError extends SpotifyError {
  constructor() {
    super(
      SpotifyErrorCode.DevModeCap,
      403,
      'Spotify refused this account: the Spotify app runs in development mode, which lets at most 5 users ' +
        '(added in the Spotify Developer Dashboard) connect. Ask the app owner to add this user there.',
      { spotifyStatus: 403 },
    );
  }
}

export class SpotifyForbiddenError extends SpotifyError {
  constructor(readonly spotifyMessage: string) {
    super(SpotifyErrorCode.Forbidden, 422, `Spotify refused access: ${spotifyMessage}.`, {
      spotifyStatus: 403,
    });
  }
}

export class SpotifyNotFoundError extends SpotifyError {
  constructor(readonly spotifyMessage: string) {
    super(SpotifyErrorCode.NotFound, 422, `Spotify has no such item: ${spotifyMessage}.`, {
      spotifyStatus: 404,
    });
  }
}

export class SpotifyBadRequestError extends SpotifyError {
  constructor(
    readonly spotifyMessage: string,
    spotifyStatus = 400,
  ) {
    super(SpotifyErrorCode.BadRequest, 502, `Spotify rejected the request: ${spotifyMessage}.`, {
      spotifyStatus,
    });
  }
}

export class SpotifyAuthFailedError extends SpotifyError {
  constructor(
    readonly spotifyError: string,
    readonly spotifyMessage: string,
    spotifyStatus?: number,
    /** 400 when the caller brought a bad code (replayed, expired); 502 when our app's credentials fail. */
    status = 502,
  ) {
    super(
      SpotifyErrorCode.AuthFailed,
      status,
      `Spotify's accounts service refused the request (${spotifyError}: ${spotifyMessage}).`,
      { spotifyStatus },
    );
  }
}

export class SpotifyRateLimitedError extends SpotifyError {
  constructor(readonly retryAt: Date) {
    const seconds = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000));
    super(SpotifyErrorCode.RateLimited, 503, `Spotify asked us to slow down; calls resume in ${seconds} s.`, {
      spotifyStatus: 429,
      headers: { 'Retry-After': String(seconds) },
    });
  }
}

export class SpotifyQuotaExceededError extends SpotifyError {
  constructor(readonly retryAt: Date) {
    const seconds = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000));
    super(
      SpotifyErrorCode.QuotaExceeded,
      503,
      `The Spotify app has used up its request quota; Soundlink pauses Spotify calls until ${retryAt.toISOString()}.`,
      { spotifyStatus: 429, headers: { 'Retry-After': String(seconds) } },
    );
  }
}

export class SpotifyUnavailableError extends SpotifyError {
  constructor(
    readonly reason: 'timeout' | 'network' | 'server-error' | 'bad-response',
    readonly detail: string,
    spotifyStatus?: number,
  ) {
    super(
      SpotifyErrorCode.Unavailable,
      reason === 'server-error' || reason === 'bad-response' ? 502 : 503,
      reason === 'timeout'
        ? 'Spotify did not answer in time. Try again in a moment.'
        : reason === 'network'
          ? 'Spotify could not be reached. Try again in a moment.'
          : 'Spotify is having problems right now. Try again in a moment.',
      { spotifyStatus },
    );
  }
}
