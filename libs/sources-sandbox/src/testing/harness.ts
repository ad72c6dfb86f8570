/**
 * Test helpers: the Spotify, Last.fm and ListenBrainz sandboxes on random loopback ports, the Last.fm and
 * ListenBrainz ones mirroring the Spotify one's plays, driven over real HTTP with fetch. Test code only.
 */
import { createSpotifySandbox, SpotifySandbox, SpotifySandboxOptions } from '@soundlink/spotify-sandbox';
import { createLastfmSandbox, LastfmSandbox, LastfmSandboxOptions } from '../lastfm/sandbox';
import {
  createListenBrainzSandbox,
  ListenBrainzSandbox,
  ListenBrainzSandboxOptions,
} from '../listenbrainz/sandbox';
import { DEFAULT_LASTFM_APP } from '../lastfm/state';
import { lastfmSignature } from '../lastfm/signature';

export const API_KEY = DEFAULT_LASTFM_APP.apiKey;
export const SHARED_SECRET = DEFAULT_LASTFM_APP.sharedSecret;

export interface SourcesHarness {
  spotify: SpotifySandbox;
  lastfm: LastfmSandbox;
  listenbrainz: ListenBrainzSandbox;
  spotifyUrl: string;
  lastfmUrl: string;
  listenbrainzUrl: string;
  close(): Promise<void>;
}

export async function startSources(
  options: {
    spotify?: SpotifySandboxOptions;
    lastfm?: Omit<LastfmSandboxOptions, 'spotify' | 'clock'>;
    listenbrainz?: Omit<ListenBrainzSandboxOptions, 'spotify' | 'clock'>;
  } = {},
): Promise<SourcesHarness> {
  const spotify = createSpotifySandbox(options.spotify);
  const lastfm = createLastfmSandbox({ ...options.lastfm, spotify, clock: spotify.clock });
  const listenbrainz = createListenBrainzSandbox({ ...options.listenbrainz, spotify, clock: spotify.clock });
  const [spotifyUrl, lastfmUrl, listenbrainzUrl] = await Promise.all([
    spotify.listen(0),
    lastfm.listen(0),
    listenbrainz.listen(0),
  ]);
  return {
    spotify,
    lastfm,
    listenbrainz,
    spotifyUrl,
    lastfmUrl,
    listenbrainzUrl,
    close: async () => {
      await Promise.all([lastfm.close(), listenbrainz.close(), spotify.close()]);
    },
  };
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export async function http<T = unknown>(url: string, init: RequestInit = {}): Promise<HttpResult<T>> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('application/json') && text) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, body: body as T };
}

export function control<T = unknown>(base: string, method: string, path: string, body?: unknown) {
  return http<T>(`${base}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A Last.fm API call (format=json added), signed with the shared secret when `sign`. */
export function lastfm<T = unknown>(base: string, params: Record<string, string>, sign = false) {
  const all: Record<string, string> = { api_key: API_KEY, ...params, format: 'json' };
  if (sign) all['api_sig'] = lastfmSignature(Object.entries(all), SHARED_SECRET);
  return http<T>(`${base}/2.0/?${new URLSearchParams(all)}`);
}

/** Web authentication as a browser does it: the page, "Yes, allow access" as `user`; returns the token. */
export async function authorizeLastfm(
  base: string,
  user: string,
  cb = 'http://127.0.0.1:3000/cb',
): Promise<string> {
  const page = await http<string>(`${base}/api/auth/?${new URLSearchParams({ api_key: API_KEY, cb })}`);
  if (page.status !== 200) throw new Error(`auth page: ${page.status}`);
  const res = await http(`${base}/api/auth/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: API_KEY, cb, user, decision: 'allow' }).toString(),
  });
  const token = new URL(res.headers.get('location') ?? 'http://x/').searchParams.get('token');
  if (res.status !== 302 || !token) throw new Error(`auth decision: ${res.status} ${res.text}`);
  return token;
}

/** The structure of a JSON value: key names and value types, arrays by their first element. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : [];
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = shapeOf((value as Record<string, unknown>)[key]);
    return out;
  }
  return value === null ? 'null' : typeof value;
}
