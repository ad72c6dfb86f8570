import {
  checkSpotifyUrl,
  OPEN_SPOTIFY_HOST,
  parseSpotifyLink,
  SpotifyLinkError,
  SpotifyLinkErrorCode,
  SpotifyRef,
} from './spotify-link.parser';

export interface ResolveLinkOptions {
  /** Redirects followed at most (default 5). */
  maxHops?: number;
  /** For the whole resolution, all hops together (default 5000 ms). */
  timeoutMs?: number;
  /** The fetch to use (default: the global one). Tests route spotify.link to a local server with it. */
  fetch?: typeof fetch;
}

const shortLinkFailed = (why: string) =>
  new SpotifyLinkError(
    SpotifyLinkErrorCode.ShortLinkFailed,
    `This spotify.link short link could not be opened (${why}). Paste the open.spotify.com link instead.`,
  );

/**
 * Parses a pasted destination and, for spotify.link short links, follows the redirects server-side by hand
 * (never automatically): every hop must stay on Spotify's short-link hosts over https, and the last one must
 * land on open.spotify.com with a supported item. Throws SpotifyLinkError otherwise.
 */
export async function resolveSpotifyLink(
  input: unknown,
  options: ResolveLinkOptions = {},
): Promise<SpotifyRef> {
  const parsed = parseSpotifyLink(input);
  if (parsed.kind === 'item') return { type: parsed.type, id: parsed.id, uri: parsed.uri };
  const maxHops = options.maxHops ?? 5;
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs ?? 5000);
  let current = parsed.url;
  for (let hop = 0; hop <= maxHops; hop++) {
    let res: Response;
    try {
      res = await doFetch(current, {
        method: 'GET',
        redirect: 'manual',
        signal,
        headers: { accept: 'text/html', 'user-agent': 'Soundlink link resolver' },
      });
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name; // a DOMException, maybe from another realm
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw shortLinkFailed(timedOut ? 'it took too long to answer' : 'spotify.link could not be reached');
    }
    await res.body?.cancel().catch(() => undefined);
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || !location) {
      throw shortLinkFailed(
        res.status === 404 ? 'it does not exist' : `it did not redirect to Spotify (HTTP ${res.status})`,
      );
    }
    if (hop === maxHops) break;
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      throw shortLinkFailed('it redirected to an invalid address');
    }
    try {
      checkSpotifyUrl(next.toString());
    } catch (error) {
      if (error instanceof SpotifyLinkError) {
        throw new SpotifyLinkError(
          SpotifyLinkErrorCode.ShortLinkForeignTarget,
          `This short link leads to ${next.protocol}//${next.host}, not to ${OPEN_SPOTIFY_HOST}, so it cannot be used.`,
        );
      }
      throw error;
    }
    if (next.hostname === OPEN_SPOTIFY_HOST) {
      const target = parseSpotifyLink(next.toString());
      if (target.kind !== 'item') throw shortLinkFailed('it did not lead to a Spotify item');
      return { type: target.type, id: target.id, uri: target.uri };
    }
    current = next.toString();
  }
  throw new SpotifyLinkError(
    SpotifyLinkErrorCode.ShortLinkTooManyRedirects,
    `This short link redirects more than ${maxHops} times without reaching ${OPEN_SPOTIFY_HOST}.`,
  );
}
