import type { ApiClient } from '../app/core/api-client';
import type { HealthReport } from '../app/core/api-status.service';
import type { Owner, SessionService } from '../app/core/session.service';

/** What the fake answers for one request, mirroring openapi-fetch's `{ data, error, response }`. */
export type FakeAnswer = { status: number; body?: unknown } | { networkError: Error };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The options the app passed to the client, e.g. `{ body }` or `{ params: { path: { id } } }`. */
export interface FakeRequestInit {
  body?: unknown;
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
}

export interface FakeCall {
  readonly method: HttpMethod;
  readonly path: string;
  readonly init: FakeRequestInit;
}

export interface FakeApiClient {
  readonly client: ApiClient;
  /** Paths requested so far, e.g. `['/health']`. */
  readonly requests: string[];
  /** Every call with its method and options. */
  readonly calls: FakeCall[];
}

/**
 * A stand-in for the generated API client: no network, answers every request with `answer`.
 * Only the parts of openapi-fetch's result the app reads are produced.
 */
export function fakeApiClient(
  answer: (path: string, method: HttpMethod, init: FakeRequestInit) => FakeAnswer | Promise<FakeAnswer>,
): FakeApiClient {
  const requests: string[] = [];
  const calls: FakeCall[] = [];
  const call =
    (method: HttpMethod) =>
    async (path: string, init: FakeRequestInit = {}) => {
      requests.push(path);
      calls.push({ method, path, init });
      const result = await answer(path, method, init);
      if ('networkError' in result) {
        throw result.networkError;
      }
      const ok = result.status >= 200 && result.status < 300;
      return ok
        ? { data: result.body, error: undefined, response: { ok, status: result.status } }
        : { data: undefined, error: result.body, response: { ok, status: result.status } };
    };
  const client = {
    GET: call('GET'),
    POST: call('POST'),
    PUT: call('PUT'),
    PATCH: call('PATCH'),
    DELETE: call('DELETE'),
  };
  return { client: client as unknown as ApiClient, requests, calls };
}

/** Routes keyed by `'METHOD /path'`; anything else answers 404 RouteNotFound. */
export function fakeApi(
  routes: Record<string, FakeAnswer | ((init: FakeRequestInit) => FakeAnswer | Promise<FakeAnswer>)>,
): FakeApiClient {
  return fakeApiClient((path, method, init) => {
    const route = routes[`${method} ${path}`];
    if (!route) return apiError(404, 'RouteNotFound', `No fake for ${method} ${path}`);
    return typeof route === 'function' ? route(init) : route;
  });
}

/** An error answer in the API's uniform shape. */
export function apiError(
  statusCode: number,
  error: string,
  message: string,
  details?: { field: string; reason: string }[],
): FakeAnswer {
  return {
    status: statusCode,
    body: { statusCode, error, message, ...(details ? { details } : {}), requestId: 'req-test-1' },
  };
}

export function healthReport(overrides: Partial<HealthReport> = {}): HealthReport {
  return {
    status: 'ok',
    version: '1.4.2',
    database: { status: 'up', latencyMs: 3 },
    spotify: { mode: 'spotify' },
    ...overrides,
  };
}

export function owner(overrides: Partial<Owner> = {}): Owner {
  return {
    id: '0190a0b0-0000-7000-8000-000000000001',
    email: 'maya@label.example',
    displayName: 'Maya',
    role: 'owner',
    timezone: 'Europe/Berlin',
    clickRetentionDays: null,
    dataRetention: {
      minClickRetentionDays: 120,
      maxClickRetentionDays: 395,
      clickPiiRetentionDays: 30,
      playRetentionDays: 760,
    },
    disabledAt: null,
    createdAt: '2026-11-01T10:00:00.000Z',
    ...overrides,
  };
}

/** Sets or clears the readable CSRF cookie that tells the SPA a session exists. */
export function setCsrfCookie(value: string | null): void {
  document.cookie =
    value === null ? 'sl_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/' : `sl_csrf=${value}; path=/`;
}

/** A promise with its resolver, to hold an answer back while asserting the pending state. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A fake route that signs `who` in, for `signIn`. */
export function signInRoute(who: Owner): Record<string, FakeAnswer> {
  return { 'POST /api/v1/auth/login': { status: 200, body: { owner: who, csrfToken: 'csrf-test' } } };
}

/** Signs in through the fake (as the app does) and forgets that call, so specs see only their own. */
export async function signIn(session: SessionService, fake: FakeApiClient): Promise<void> {
  const result = await session.login('signed-in@test.example', 'any password');
  if (!result.ok) throw new Error('signIn: add signInRoute(owner) to the fake');
  fake.calls.splice(0);
  fake.requests.splice(0);
}
