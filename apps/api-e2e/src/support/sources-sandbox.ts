/**
 * The product's in-process Last.fm and ListenBrainz sandboxes' control APIs (`/sandbox/lastfm/_sandbox/…`,
 * `/sandbox/listenbrainz/_sandbox/…`), a contract of issue 18. Each call fails on any status from 300 up, with
 * the sandbox's answer.
 */
async function control<T>(productUrl: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${productUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export function sourceSandboxes(productUrl: string) {
  return {
    /** A Last.fm user, who then appears on the sandbox's authorization page. */
    lastfmUser: (userName: string) =>
      control<{ userName: string }>(productUrl, '/sandbox/lastfm/_sandbox/users', { userName }),
    /** A scrobble as a player sent it; `timestamp` is when playback started (unix seconds or ISO). */
    scrobble: (
      userName: string,
      scrobble: { artistName: string; trackName: string; albumName?: string; timestamp: number | string },
    ) =>
      control(
        productUrl,
        `/sandbox/lastfm/_sandbox/users/${encodeURIComponent(userName)}/scrobbles`,
        scrobble,
      ),
    /** A ListenBrainz user and the user token of their settings page. */
    listenBrainzUser: (userName: string) =>
      control<{ userName: string; token: string }>(productUrl, '/sandbox/listenbrainz/_sandbox/users', {
        userName,
      }),
    /** A listen as a scrobbler submitted it; `listenedAt` is when playback started. */
    listen: (
      userName: string,
      listen: {
        artistName: string;
        trackName: string;
        releaseName?: string;
        listenedAt: number | string;
        spotifyId?: string;
        isrc?: string;
      },
    ) =>
      control(
        productUrl,
        `/sandbox/listenbrainz/_sandbox/users/${encodeURIComponent(userName)}/listens`,
        listen,
      ),
  };
}

/** Unix seconds, as Last.fm and ListenBrainz count time. */
export const unixSeconds = (ms: number) => Math.floor(ms / 1000);
