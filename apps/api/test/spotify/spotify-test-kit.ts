/**
 * Helpers for the Spotify integration specs: a standalone sandbox on a random port, a real SpotifyClient
 * pointed at it, and the sandbox's control API and consent page driven over HTTP like a browser would.
 */
import { createSpotifySandbox, SpotifySandbox, SpotifySandboxOptions } from '@soundlink/spotify-sandbox';
import { http } from '@soundlink/spotify-sandbox/testing';
import { MetricsService } from '../../src/modules/metrics/metrics.service';
import { SpotifyCatalog } from '../../src/modules/spotify/spotify-catalog.service';
import { SpotifyClientOptions, spotifyClientOptions } from '../../src/modules/spotify/spotify-client.options';
import { SpotifyClient } from '../../src/modules/spotify/spotify.client';
import { SpotifyMetrics } from '../../src/modules/spotify/spotify-metrics.service';
import { SpotifyRateLimiter } from '../../src/modules/spotify/spotify-rate-limiter.service';

export const CLIENT_ID = 'sandbox-client-id';
export const CLIENT_SECRET = 'sandbox-client-secret';
/** Registered by the sandbox's default app (loopback; the browser never follows it in these tests). */
export const REDIRECT_URI = 'http://127.0.0.1:3000/api/v1/listeners/connect/callback';
export const LISTENER_SCOPES = 'user-read-recently-played user-top-read';

/** Small timings so fault tests stay fast. */
export const FAST: Partial<SpotifyClientOptions> = {
  timeoutMs: 300,
  maxAttempts: 3,
  backoffBaseMs: 20,
  backoffCapMs: 100,
  maxPauseWaitMs: 5000,
};

export interface StandaloneSandbox {
  sandbox: SpotifySandbox;
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

export async function startStandaloneSandbox(
  options: SpotifySandboxOptions = {},
): Promise<StandaloneSandbox> {
  const sandbox = createSpotifySandbox(options);
  const url = await sandbox.listen(0, '127.0.0.1');
  return { sandbox, url, close: () => sandbox.close() };
}

export interface ClientKit {
  client: SpotifyClient;
  catalog: SpotifyCatalog;
  limiter: SpotifyRateLimiter;
  metrics: MetricsService;
}

/** The real client, limiter, metrics and catalog, wired as SpotifyModule wires them, aimed at `url`. */
export function clientFor(url: string, overrides: Partial<SpotifyClientOptions> = {}): ClientKit {
  const options = spotifyClientOptions({ ...FAST, ...overrides });
  const limiter = new SpotifyRateLimiter(options);
  const metrics = new MetricsService();
  const client = new SpotifyClient(
    { accountsUrl: url, apiUrl: `${url}/v1`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    limiter,
    new SpotifyMetrics(metrics, limiter),
    options,
  );
  return { client, catalog: new SpotifyCatalog(client, options), limiter, metrics };
}

/** fetch without following redirects, the body read (JSON parsed when it says so): the sandbox lib's own. */
export { http } from '@soundlink/spotify-sandbox/testing';
export type { HttpResult } from '@soundlink/spotify-sandbox/testing';

/** The sandbox's control API: `${sandboxUrl}/_sandbox${path}`. */
export async function control<T = unknown>(sandboxUrl: string, method: string, path: string, body?: unknown) {
  const res = await http<T>(`${sandboxUrl}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 400) throw new Error(`control ${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

export interface CallRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  userId: string | null;
  status: number;
  at: string;
}

export const calls = (sandboxUrl: string) => control<CallRecord[]>(sandboxUrl, 'GET', '/calls');
export const clearCalls = (sandboxUrl: string) => control(sandboxUrl, 'DELETE', '/calls');
export const addFault = (sandboxUrl: string, fault: Record<string, unknown>) =>
  control<{ id: string }>(sandboxUrl, 'POST', '/faults', fault);

export interface Catalog {
  users: Array<{ id: string; displayName: string }>;
  playlists: Array<{ id: string; name: string; ownerId: string; trackIds: string[] }>;
  albums: Array<{ id: string; name: string; trackIds: string[] }>;
  artists: Array<{ id: string; name: string }>;
  tracks: Array<{ id: string; name: string }>;
}

export const catalogOf = (sandboxUrl: string) => control<Catalog>(sandboxUrl, 'GET', '/catalog');

export function userNamed(catalog: Catalog, displayName: string): string {
  const user = catalog.users.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`no sandbox user ${displayName}`);
  return user.id;
}

export function playlistNamed(catalog: Catalog, name: string) {
  const playlist = catalog.playlists.find((p) => p.name === name);
  if (!playlist) throw new Error(`no sandbox playlist ${name}`);
  return playlist;
}

/** Tokens for a user without the consent page (counts as an authorization for the dev-mode cap). */
export function issueTokens(sandboxUrl: string, userId: string, scope = LISTENER_SCOPES) {
  return control<{ access_token: string; refresh_token: string; expires_in: number }>(
    sandboxUrl,
    'POST',
    '/tokens',
    { userId, scope },
  );
}

const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * What a browser does on the consent page: GET the authorize URL, read the form, POST the decision as
 * the chosen user. Returns the redirect back to the app (the Location header).
 */
export async function consent(
  authorizeUrl: string,
  userId: string,
  decision: 'agree' | 'cancel' = 'agree',
): Promise<URL> {
  const page = await http(authorizeUrl);
  if (page.status !== 200)
    throw new Error(`consent page answered ${page.status}: ${page.text.slice(0, 200)}`);
  const action = /<form[^>]*method="post"[^>]*action="([^"]+)"/i.exec(page.text)?.[1];
  if (!action) throw new Error('no consent form');
  const fields = new URLSearchParams();
  for (const m of page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(m[1], unescapeHtml(m[2]));
  }
  fields.set('user_id', userId);
  fields.set('decision', decision);
  const posted = await http(new URL(unescapeHtml(action), authorizeUrl).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  });
  const location = posted.headers.get('location');
  if (posted.status !== 302 || !location)
    throw new Error(`decision answered ${posted.status}: ${posted.text}`);
  return new URL(location);
}

export function authorizeUrl(sandboxUrl: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    client_id: CLIENT_ID,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: LISTENER_SCOPES,
    state: 'st-123',
    ...params,
  });
  return `${sandboxUrl}/authorize?${query}`;
}

/** A user token pair as the listener module will hand it to the client. */
export function userAuth(tokens: { access_token: string; refresh_token: string; expires_in: number }) {
  const refreshed: Array<{ accessToken: string; refreshToken: string }> = [];
  return {
    refreshed,
    auth: {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: Date.now() + tokens.expires_in * 1000,
      onRefreshed: (t: { accessToken: string; refreshToken: string }) => {
        refreshed.push({ accessToken: t.accessToken, refreshToken: t.refreshToken });
      },
    },
  };
}

export const SIX_MONTHS_AND_A_DAY_MS = (183 + 1) * 86_400_000;
