import type { BrowserContext } from 'playwright-core';
import type { HttpClient } from './http-client';

/** The Spotify sandbox's catalog, as its control API lists it. */
export interface SandboxCatalog {
  users: Array<{ id: string; displayName: string }>;
  playlists: Array<{ id: string; name: string; ownerId: string; trackIds: string[] }>;
  albums: Array<{ id: string; name: string; artistIds: string[]; trackIds: string[] }>;
  artists: Array<{ id: string; name: string }>;
  tracks: Array<{ id: string; name: string; albumId: string; artistIds: string[]; durationMs: number }>;
}

/**
 * The product's in-process Spotify sandbox control API (`/sandbox/spotify/_sandbox/…`): GET without a body,
 * POST with one. Fails on any status from 300 up, with the sandbox's answer.
 */
export function sandboxControl(productUrl: string) {
  return async <T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${productUrl}/sandbox/spotify/_sandbox/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

/** Spotify itself is out of reach: a stand-in page wherever a listener is sent to open.spotify.com. */
export async function routeSpotifyStandIn(context: BrowserContext): Promise<void> {
  await context.route('https://open.spotify.com/**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      body: '<!doctype html><title>Spotify</title><h1>Spotify stand-in</h1>',
    }),
  );
}

/** Headless Chromium says so in its user agent, and the tracker redirect (rightly) treats that as a bot. */
export const DESKTOP_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** Answers the sandbox's consent page as the sandbox user `userId` without a browser; returns our callback URL. */
export async function consentAs(authorizeUrl: string, userId: string): Promise<URL> {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set('user_id', userId);
  form.set('decision', 'agree');
  const res = await fetch(new URL('authorize/decision', url.href.replace(/authorize\?.*$/, '')), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent: ${res.status} ${await res.text()}`);
  return new URL(location);
}

/**
 * Connects a signed-in owner's Spotify as the sandbox user named `displayName` (e.g. "Nightjar Records"), over
 * HTTP; answers our callback's response.
 */
export async function connectOwnerSpotify(
  owner: HttpClient,
  productUrl: string,
  displayName: string,
): Promise<Response> {
  const catalog = await sandboxControl(productUrl)<SandboxCatalog>('catalog');
  const user = catalog.users.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`No sandbox user named ${displayName}`);
  const start = await owner.call('GET', '/api/v1/owners/me/spotify/connect');
  const callback = await consentAs(start.headers.get('location')!, user.id);
  return owner.call('GET', callback.pathname + callback.search);
}
