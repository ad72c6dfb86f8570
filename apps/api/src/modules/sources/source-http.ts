import { SourceUnavailableError } from './listening-source';

/** One HTTP answer of a source, its body parsed as JSON when it is JSON. */
export interface SourceResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * One GET to a listening source (fetch, i.e. undici): the descriptive User-Agent, a timeout, the body
 * parsed. Network failures and timeouts become SourceUnavailableError; HTTP statuses are the caller's.
 */
export async function sourceGet(
  url: string,
  options: { userAgent: string; timeoutMs: number; headers?: Record<string, string> },
): Promise<SourceResponse> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { 'User-Agent': options.userAgent, Accept: 'application/json', ...options.headers },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new SourceUnavailableError(`${new URL(url).host}: ${(error as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body };
}

/** Backoff of the retries inside one poll: 0.5 s, 1 s, 2 s. */
export const RETRY_DELAYS_MS = [500, 1000, 2000];

/** A Spotify track id (22 base-62 characters) from an id, a spotify:track: URI or an open.spotify.com URL. */
export function spotifyTrackIdOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /(?:^|track[:/])([0-9A-Za-z]{22})(?:$|[?#/])/.exec(value.trim());
  return match ? (match[1] as string) : null;
}
