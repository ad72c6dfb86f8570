/**
 * Last.fm API errors as Last.fm sends them: `{"error": N, "message": "…"}` with an HTTP status that does not
 * always reflect the error (https://www.last.fm/api/errorcodes, https://lastfm-docs.github.io/api-docs/codes/).
 */
import { json, Reply } from '@soundlink/spotify-sandbox';

export const LASTFM_ERRORS: Record<number, { status: number; message: string }> = {
  3: { status: 400, message: 'Invalid Method - No method with that name in this package' },
  4: { status: 403, message: 'Authentication Failed - You do not have permissions to access the service' },
  5: { status: 400, message: "Invalid format - This service doesn't exist in that format" },
  6: { status: 400, message: 'Invalid parameters - Your request is missing a required parameter' },
  8: { status: 500, message: 'Operation failed - Something else went wrong' },
  9: { status: 403, message: 'Invalid session key - Please re-authenticate' },
  10: { status: 403, message: 'Invalid API key - You must be granted a valid key by last.fm' },
  11: { status: 503, message: 'Service Offline - This service is temporarily offline. Try again later.' },
  13: { status: 403, message: 'Invalid method signature supplied' },
  14: { status: 403, message: 'Unauthorized Token - This token has not been authorized' },
  15: { status: 403, message: 'This token has expired' },
  16: { status: 503, message: 'There was a temporary error processing your request. Please try again' },
  17: { status: 403, message: 'Login: User required to be logged in' },
  26: {
    status: 403,
    message: 'Suspended API key - Access for your account has been suspended, please contact Last.fm',
  },
  29: { status: 429, message: 'Rate limit exceeded - Your IP has made too many requests in a short period' },
};

/** Error codes a fault may inject. */
export const LASTFM_FAULT_ERRORS = [4, 8, 9, 11, 16, 17, 26, 29] as const;

export class LastfmFailure extends Error {
  constructor(
    readonly code: number,
    readonly detail?: string,
    readonly status?: number,
  ) {
    super(detail ?? LASTFM_ERRORS[code]?.message ?? `error ${code}`);
  }
}

export function lastfmError(code: number, message?: string, status?: number): Reply {
  const known = LASTFM_ERRORS[code] ?? { status: 400, message: 'Error' };
  return json(status ?? known.status, { message: message ?? known.message, error: code });
}
