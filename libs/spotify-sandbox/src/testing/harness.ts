/**
 * Test helpers: start a sandbox on a random loopback port and drive it over real HTTP with fetch. The API's
 * Spotify specs share them as `@soundlink/spotify-sandbox/testing` (test code only: the lib build leaves
 * this folder out).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createSpotifySandbox, DEFAULT_CLIENT, SpotifySandbox, SpotifySandboxOptions } from '../index';

export const CLIENT_ID = DEFAULT_CLIENT.clientId;
export const CLIENT_SECRET = DEFAULT_CLIENT.clientSecret;
export const REDIRECT_URI = DEFAULT_CLIENT.redirectUris[0];
export const ALL_SCOPES =
  'user-read-recently-played user-top-read playlist-read-private playlist-read-collaborative user-library-read';

export interface Harness {
  sandbox: SpotifySandbox;
  base: string;
  close(): Promise<void>;
}

export async function startSandbox(options: SpotifySandboxOptions = {}): Promise<Harness> {
  const sandbox = createSpotifySandbox(options);
  const base = await sandbox.listen(0, '127.0.0.1');
  return { sandbox, base, close: () => sandbox.close() };
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

/** fetch without following redirects, with the body read (parsed when it is JSON). */
export async function http<T = unknown>(url: string, init: RequestInit = {}): Promise<HttpResult<T>> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('application/json') && text) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, body: body as T };
}

export function api<T = unknown>(base: string, path: string, token?: string): Promise<HttpResult<T>> {
  return http<T>(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

export function control<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<HttpResult<T>> {
  return http<T>(`${base}/_sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export function form(params: Record<string, string>): { body: string; headers: Record<string, string> } {
  return {
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  };
}

export function token<T = Record<string, unknown>>(
  base: string,
  params: Record<string, string>,
  basic?: { id: string; secret: string },
): Promise<HttpResult<T>> {
  const f = form(params);
  const headers: Record<string, string> = { ...f.headers };
  if (basic)
    headers['authorization'] = `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString('base64')}`;
  return http<T>(`${base}/api/token`, { method: 'POST', headers, body: f.body });
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface ConsentPage {
  status: number;
  html: string;
  hidden: Record<string, string>;
  userIds: string[];
  checkedUserId: string | null;
}

export async function openConsent(base: string, params: Record<string, string>): Promise<ConsentPage> {
  const res = await http<string>(`${base}/authorize?${new URLSearchParams(params)}`);
  const html = res.text;
  const hidden: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    hidden[m[1]] = m[2]
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
  }
  const userIds = [...html.matchAll(/name="user_id" value="([^"]+)"/g)].map((m) => m[1]);
  const checked = /name="user_id" value="([^"]+)" checked/.exec(html);
  return { status: res.status, html, hidden, userIds, checkedUserId: checked ? checked[1] : null };
}

export async function decide(
  base: string,
  hidden: Record<string, string>,
  decision: 'agree' | 'cancel',
  userId?: string,
): Promise<HttpResult<string>> {
  const params: Record<string, string> = { ...hidden, decision };
  if (userId) params['user_id'] = userId;
  const f = form(params);
  return http<string>(`${base}/authorize/decision`, { method: 'POST', headers: f.headers, body: f.body });
}

/** Runs the whole code flow (consent page → Agree → token) for a user. */
export async function authorizeUser(
  base: string,
  userId: string,
  opts: { scope?: string; clientId?: string; clientSecret?: string; redirectUri?: string } = {},
): Promise<{ access_token: string; refresh_token: string; scope: string; expires_in: number }> {
  const redirectUri = opts.redirectUri ?? REDIRECT_URI;
  const consent = await openConsent(base, {
    client_id: opts.clientId ?? CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: opts.scope ?? ALL_SCOPES,
    state: 'st',
  });
  if (consent.status !== 200) throw new Error(`consent page answered ${consent.status}: ${consent.html}`);
  const decision = await decide(base, consent.hidden, 'agree', userId);
  const location = new URL(decision.headers.get('location') ?? '');
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  const res = await token<{ access_token: string; refresh_token: string; scope: string; expires_in: number }>(
    base,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: opts.clientId ?? CLIENT_ID,
      client_secret: opts.clientSecret ?? CLIENT_SECRET,
    },
  );
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${res.text}`);
  return res.body;
}

export async function appToken(base: string): Promise<string> {
  const res = await token<{ access_token: string }>(
    base,
    { grant_type: 'client_credentials' },
    { id: CLIENT_ID, secret: CLIENT_SECRET },
  );
  return res.body.access_token;
}
