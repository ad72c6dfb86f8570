import { TimedFault, TimedFaultStore } from '@soundlink/spotify-sandbox';

/**
 * Fault injection shared by the Last.fm and ListenBrainz sandboxes: a fault hits the calls it matches (a user
 * or every caller, optionally one path or API method) `count` times or for `forMs` on the sandbox clock. What it
 * answers is the service's own business (`error` is a Last.fm error code, `status` an HTTP status).
 */
export interface SourceFaultInput {
  /** "global" (default) or a user name. */
  scope?: string;
  /** Last.fm: an API error code (8, 9, 11, 16, 26, 29 …) answered in Last.fm's error shape. */
  error?: number;
  /** An HTTP status answered instead of the normal reply (ListenBrainz: 401, 429, 500, 502, 503). */
  status?: number;
  /** Seconds for Retry-After / X-RateLimit-Reset-In. */
  retryAfterS?: number;
  delayMs?: number;
  drop?: boolean;
  count?: number;
  forMs?: number;
  /** Only calls whose path starts with this (ListenBrainz) or whose `method` is this (Last.fm). */
  path?: string;
  method?: string;
}

export type SourceFault = SourceFaultInput & { scope: string } & TimedFault;

export class FaultInputError extends Error {}

export function validateSourceFault(
  input: Record<string, unknown>,
  allowed: { errors?: readonly number[]; statuses: readonly number[] },
): SourceFaultInput {
  const fail = (msg: string): never => {
    throw new FaultInputError(msg);
  };
  const out: SourceFaultInput = {};
  const scope = input['scope'] ?? 'global';
  if (typeof scope !== 'string' || scope === '') fail('scope must be "global" or a user name');
  out.scope = scope as string;
  if (input['error'] !== undefined) {
    if (!allowed.errors?.includes(input['error'] as number))
      fail(
        `error must be one of ${(allowed.errors ?? []).join(', ') || '(none: this service has no error codes)'}`,
      );
    out.error = input['error'] as number;
  }
  if (input['status'] !== undefined) {
    if (!allowed.statuses.includes(input['status'] as number))
      fail(`status must be one of ${allowed.statuses.join(', ')}`);
    out.status = input['status'] as number;
  }
  for (const [key, min] of [
    ['retryAfterS', 0],
    ['delayMs', 0],
    ['count', 1],
    ['forMs', 1],
  ] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) fail(`${key} must be a number >= ${min}`);
    out[key] = v as number;
  }
  for (const key of ['path', 'method'] as const) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '') fail(`${key} must be a non-empty string`);
    out[key] = v as string;
  }
  if (input['drop'] !== undefined) {
    if (typeof input['drop'] !== 'boolean') fail('drop must be a boolean');
    out.drop = input['drop'] as boolean;
  }
  if (out.error === undefined && out.status === undefined && !out.drop && out.delayMs === undefined)
    fail('a fault needs error, status, delayMs or drop');
  return out;
}

export class SourceFaultStore extends TimedFaultStore<SourceFaultInput & { scope: string }> {
  override add(input: SourceFaultInput, now: number): SourceFault {
    return super.add({ ...input, scope: input.scope ?? 'global' }, now);
  }

  /** The first active fault for this call, consumed once. User names compare case-insensitively. */
  take(call: { user: string | null; path: string; method?: string | null }, now: number): SourceFault | null {
    this.prune(now);
    const user = call.user?.toLowerCase() ?? null;
    const fault = this.faults.find(
      (f) =>
        (f.scope === 'global' || f.scope.toLowerCase() === user) &&
        (!f.path || call.path.startsWith(f.path)) &&
        (!f.method || f.method.toLowerCase() === (call.method ?? '').toLowerCase()),
    );
    return fault ? this.consume(fault, now) : null;
  }
}
