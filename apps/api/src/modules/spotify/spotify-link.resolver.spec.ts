import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpotifyLinkError, SpotifyLinkErrorCode } from './spotify-link.parser';
import { resolveSpotifyLink } from './spotify-link.resolver';

const ID = '4uLU6hMCjMI75M1A2tKUQC';

/**
 * A local stand-in for spotify.link (Branch.io): each path answers one redirect. The resolver's fetch is
 * routed here for the short-link hosts only; everything else about the requests is real HTTP.
 */
const routes: Record<string, { status: number; location?: string; delayMs?: number }> = {
  '/direct': { status: 307, location: `https://open.spotify.com/track/${ID}?si=abc&_branch_match_id=1` },
  '/via-app-link': { status: 302, location: 'https://spotify.app.link/xyz?_p=c1' },
  '/xyz': { status: 307, location: `https://open.spotify.com/intl-de/playlist/${ID}` },
  '/evil': { status: 302, location: `https://open.spotify.com.evil.io/track/${ID}` },
  '/http': { status: 302, location: `http://open.spotify.com/track/${ID}` },
  '/loop': { status: 302, location: 'https://spotify.link/loop' },
  '/show': { status: 302, location: `https://open.spotify.com/show/${ID}` },
  '/page': { status: 200 },
  '/slow': { status: 302, location: `https://open.spotify.com/track/${ID}`, delayMs: 2000 },
};

describe('resolveSpotifyLink: spotify.link short links, followed by hand', () => {
  let server: Server;
  let origin: string;
  const requested: string[] = [];
  const viaLocal: typeof fetch = (input, init) => {
    const url = new URL(String(input));
    requested.push(url.toString());
    if (url.hostname !== 'spotify.link' && url.hostname !== 'spotify.app.link') {
      throw new Error(`the resolver fetched ${url.hostname}`);
    }
    return fetch(`${origin}${url.pathname}${url.search}`, init);
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const route = routes[(req.url ?? '/').split('?')[0]];
      const answer = () => {
        if (!route) return res.writeHead(404).end('not found');
        res.writeHead(route.status, route.location ? { location: route.location } : {});
        res.end(route.status === 200 ? '<html>open in app</html>' : '');
      };
      if (route?.delayMs) setTimeout(answer, route.delayMs);
      else answer();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (requested.length = 0));

  const reason = (input: string, options = {}) =>
    resolveSpotifyLink(input, { fetch: viaLocal, ...options }).then(
      () => 'ok',
      (e: unknown) => (e instanceof SpotifyLinkError ? e.reason : String(e)),
    );

  it('returns direct links and URIs without any request', async () => {
    await expect(resolveSpotifyLink(`spotify:album:${ID}`, { fetch: viaLocal })).resolves.toEqual({
      type: 'album',
      id: ID,
      uri: `spotify:album:${ID}`,
    });
    expect(requested).toEqual([]);
  });

  it('follows a short link to open.spotify.com and never fetches the final page', async () => {
    await expect(resolveSpotifyLink('https://spotify.link/direct', { fetch: viaLocal })).resolves.toEqual({
      type: 'track',
      id: ID,
      uri: `spotify:track:${ID}`,
    });
    expect(requested).toEqual(['https://spotify.link/direct']);
  });

  it('follows the Branch hop through spotify.app.link, keeping its query', async () => {
    await expect(
      resolveSpotifyLink('https://spotify.link/via-app-link', { fetch: viaLocal }),
    ).resolves.toMatchObject({
      type: 'playlist',
      id: ID,
    });
    expect(requested).toEqual(['https://spotify.link/via-app-link', 'https://spotify.app.link/xyz?_p=c1']);
  });

  it('refuses a short link that leads anywhere but open.spotify.com, without fetching it', async () => {
    expect(await reason('https://spotify.link/evil')).toBe(SpotifyLinkErrorCode.ShortLinkForeignTarget);
    expect(await reason('https://spotify.link/http')).toBe(SpotifyLinkErrorCode.ShortLinkForeignTarget);
    expect(requested.every((u) => u.startsWith('https://spotify.link/'))).toBe(true);
  });

  it('refuses a short link to something that cannot be a destination', async () => {
    expect(await reason('https://spotify.link/show')).toBe(SpotifyLinkErrorCode.UnsupportedType);
  });

  it('stops after 5 redirects', async () => {
    expect(await reason('https://spotify.link/loop')).toBe(SpotifyLinkErrorCode.ShortLinkTooManyRedirects);
    expect(requested).toHaveLength(6);
  });

  it('explains dead, non-redirecting and slow short links', async () => {
    expect(await reason('https://spotify.link/gone')).toBe(SpotifyLinkErrorCode.ShortLinkFailed);
    expect(await reason('https://spotify.link/page')).toBe(SpotifyLinkErrorCode.ShortLinkFailed);
    const started = Date.now();
    expect(await reason('https://spotify.link/slow', { timeoutMs: 200 })).toBe(
      SpotifyLinkErrorCode.ShortLinkFailed,
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
