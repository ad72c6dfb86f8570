import type { ApiClient } from '../app/core/api-client';
import type { HealthReport } from '../app/core/api-status.service';

/** What the fake answers for one request, mirroring openapi-fetch's `{ data, error, response }`. */
export type FakeAnswer = { status: number; body: unknown } | { networkError: Error };

export interface FakeApiClient {
  readonly client: ApiClient;
  /** Paths requested so far, e.g. `['/health']`. */
  readonly requests: string[];
}

/**
 * A stand-in for the generated API client: no network, answers every GET with `answer`.
 * Only the parts of openapi-fetch's result the app reads are produced.
 */
export function fakeApiClient(answer: (path: string) => FakeAnswer): FakeApiClient {
  const requests: string[] = [];
  const GET = async (path: string) => {
    requests.push(path);
    const result = answer(path);
    if ('networkError' in result) {
      throw result.networkError;
    }
    const ok = result.status >= 200 && result.status < 300;
    return ok
      ? { data: result.body, error: undefined, response: { ok, status: result.status } }
      : { data: undefined, error: result.body, response: { ok, status: result.status } };
  };
  return { client: { GET } as unknown as ApiClient, requests };
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
