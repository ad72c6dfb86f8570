/** Drives the in-process Spotify sandbox like a browser would: its consent page and its control API. */
export interface SandboxCatalog {
  users: Array<{ id: string; displayName: string }>;
  playlists: Array<{ id: string; name: string; ownerId: string; trackIds: string[] }>;
  albums: Array<{ id: string; name: string; artistIds: string[]; trackIds: string[] }>;
  artists: Array<{ id: string; name: string }>;
  tracks: Array<{ id: string; name: string; albumId: string; artistIds: string[]; durationMs: number }>;
}

export function sandboxUrl(serverUrl: string): string {
  return `${serverUrl}/sandbox/spotify`;
}

export async function sandboxCatalog(serverUrl: string): Promise<SandboxCatalog> {
  const res = await fetch(`${sandboxUrl(serverUrl)}/_sandbox/catalog`);
  if (!res.ok) throw new Error(`catalog: ${res.status}`);
  return (await res.json()) as SandboxCatalog;
}

export async function sandboxControl(
  serverUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${sandboxUrl(serverUrl)}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} /_sandbox/${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/**
 * Given Spotify's authorize URL (as our API redirected to it), answers the consent page as `userId`
 * ("Agree" or "Cancel") and returns where the sandbox sends the browser back to (our callback).
 */
export async function answerConsent(
  authorizeUrl: string,
  userId: string,
  decision: 'agree' | 'cancel' = 'agree',
): Promise<string> {
  const url = new URL(authorizeUrl);
  const page = await fetch(url);
  if (page.status !== 200) throw new Error(`consent page: ${page.status} ${await page.text()}`);
  const form = new URLSearchParams(url.searchParams);
  form.set('user_id', userId);
  form.set('decision', decision);
  const action = new URL('authorize/decision', url.href.replace(/authorize\?.*$/, ''));
  const res = await fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent decision: ${res.status} ${await res.text()}`);
  return location;
}
