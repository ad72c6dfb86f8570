/** One field-level reason from the API's error body, e.g. `{ field: 'email', reason: 'is already registered' }`. */
export interface ProblemDetail {
  readonly field: string;
  readonly reason: string;
}

/**
 * A failed API call, as the UI needs it. `status` is 0 when the API could not be reached at all.
 * `code` is the API's stable `error` code (e.g. `InvalidCredentials`, `EmailTaken`) or `NetworkError`.
 */
export interface ApiProblem {
  readonly status: number;
  readonly code: string;
  /** A sentence fit to show the user. */
  readonly message: string;
  readonly details: readonly ProblemDetail[];
  readonly requestId?: string;
}

export type ApiResult<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly problem: ApiProblem };

export const NETWORK_PROBLEM_MESSAGE = "We couldn't reach Soundlink. Check your connection and try again.";
export const SERVER_PROBLEM_MESSAGE = 'Something went wrong on our side. Please try again in a moment.';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Turns whatever came back with a non-2xx status into an ApiProblem, trusting only the documented shape. */
export function problemFrom(status: number, body: unknown): ApiProblem {
  const record = isRecord(body) ? body : {};
  const code = typeof record['error'] === 'string' ? record['error'] : 'HttpError';
  const requestId = typeof record['requestId'] === 'string' ? record['requestId'] : undefined;
  const details = Array.isArray(record['details'])
    ? record['details'].filter(
        (detail): detail is ProblemDetail =>
          isRecord(detail) && typeof detail['field'] === 'string' && typeof detail['reason'] === 'string',
      )
    : [];
  const serverMessage = typeof record['message'] === 'string' ? record['message'] : '';
  // 5xx bodies never carry anything useful for the user; 4xx messages are written for people.
  const message =
    status >= 500 || !serverMessage
      ? status >= 500 || status === 0
        ? SERVER_PROBLEM_MESSAGE
        : `The request failed (HTTP ${status}). Please try again.`
      : serverMessage;
  return { status, code, message, details, requestId };
}

export function networkProblem(): ApiProblem {
  return { status: 0, code: 'NetworkError', message: NETWORK_PROBLEM_MESSAGE, details: [] };
}

/** The part of openapi-fetch's answer that `apiResult` reads. */
interface FetchAnswer<T> {
  data?: T;
  error?: unknown;
  response: { ok: boolean; status: number };
}

/**
 * Awaits an openapi-fetch call and folds its three outcomes (success, API error, network failure)
 * into one result the UI can switch on.
 */
export async function apiResult<T>(request: Promise<FetchAnswer<T>>): Promise<ApiResult<T>> {
  try {
    const { data, error, response } = await request;
    return response.ok
      ? { ok: true, data: data as T }
      : { ok: false, problem: problemFrom(response.status, error) };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}

/** "Something went wrong … (reference abc123)" for support, when the API gave a request id. */
export function problemText(problem: ApiProblem): string {
  return problem.status >= 500 && problem.requestId
    ? `${problem.message} (Reference: ${problem.requestId})`
    : problem.message;
}
