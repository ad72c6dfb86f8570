/** Fault injection for Web API calls (and, for 5xx / delay / drop, the token endpoint). */
import { apiError, json, Reply, text } from './http';
import { SandboxError } from './model';

export const DEV_MODE_BODY = 'User not registered in the Developer Dashboard';

export type FaultStatus = 401 | 403 | 429 | 500 | 503;
const STATUSES: readonly number[] = [401, 403, 429, 500, 503];

export interface FaultInput {
  /** "global" or a user id. */
  scope: string;
  status?: FaultStatus;
  retryAfterS?: number;
  reason?: string;
  delayMs?: number;
  drop?: boolean;
  /** How many matching calls it hits, then it is gone. */
  count?: number;
  /** How long it lasts on the sandbox clock. */
  forMs?: number;
  /** Only calls whose path (below basePath) starts with this, e.g. `/v1/me/player/recently-played` (`/v1` optional). */
  path?: string;
}

export type Fault = FaultInput & TimedFault;

export function validateFault(input: Record<string, unknown>): FaultInput {
  const fail = (msg: string): never => {
    throw new SandboxError(400, msg);
  };
  const scope = input['scope'] ?? 'global';
  if (typeof scope !== 'string' || scope === '') fail('scope must be "global" or a user id');
  const out: FaultInput = { scope: scope as string };
  if (input['status'] !== undefined) {
    if (!STATUSES.includes(input['status'] as number)) fail('status must be one of 401, 403, 429, 500, 503');
    out.status = input['status'] as FaultStatus;
  }
  const num = (key: 'retryAfterS' | 'delayMs' | 'count' | 'forMs', min: number) => {
    const v = input[key];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) fail(`${key} must be a number >= ${min}`);
    out[key] = v as number;
  };
  num('retryAfterS', 0);
  num('delayMs', 0);
  num('count', 1);
  num('forMs', 1);
  if (input['reason'] !== undefined) {
    if (typeof input['reason'] !== 'string') fail('reason must be a string');
    out.reason = input['reason'] as string;
  }
  if (input['path'] !== undefined) {
    if (typeof input['path'] !== 'string' || !(input['path'] as string).startsWith('/'))
      fail('path must start with /');
    out.path = input['path'] as string;
  }
  if (input['drop'] !== undefined) {
    if (typeof input['drop'] !== 'boolean') fail('drop must be a boolean');
    out.drop = input['drop'] as boolean;
  }
  if (out.status === undefined && !out.drop && out.delayMs === undefined)
    fail('a fault needs status, delayMs or drop');
  return out;
}

/** What every fault store keeps of a fault: its id, and how long or how many calls it lasts. */
export interface TimedFault {
  id: string;
  createdAt: number;
  remaining: number | null;
  expiresAt: number | null;
}

/**
 * A list of faults that last `count` matching calls or `forMs` on the sandbox clock: the Spotify sandbox's
 * and the Last.fm and ListenBrainz sandboxes' stores (which call matches is each one's `take`).
 */
export class TimedFaultStore<I extends { count?: number; forMs?: number }> {
  protected faults: Array<I & TimedFault> = [];
  private seq = 0;

  add(input: I, now: number): I & TimedFault {
    const fault: I & TimedFault = {
      ...input,
      id: `fault-${++this.seq}`,
      createdAt: now,
      remaining: input.count ?? null,
      expiresAt: input.forMs !== undefined ? now + input.forMs : null,
    };
    this.faults.push(fault);
    return fault;
  }

  list(now: number): Array<I & TimedFault> {
    this.prune(now);
    return [...this.faults];
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  protected prune(now: number): void {
    this.faults = this.faults.filter((f) => (f.expiresAt === null || now < f.expiresAt) && f.remaining !== 0);
  }

  /** Consumes one call of `fault` (when it counts calls). */
  protected consume(fault: I & TimedFault, now: number): I & TimedFault {
    if (fault.remaining !== null) fault.remaining--;
    this.prune(now);
    return fault;
  }
}

export class FaultStore extends TimedFaultStore<FaultInput> {
  /**
   * The first active fault matching the call, consumed once (count). For the token endpoint only 5xx, delay and
   * drop faults apply.
   */
  take(call: { path: string; userId: string | null; tokenEndpoint: boolean }, now: number): Fault | null {
    this.prune(now);
    const fault = this.faults.find((f) => {
      if (f.scope !== 'global' && f.scope !== call.userId) return false;
      if (f.path && !call.path.startsWith(f.path) && !call.path.startsWith(`/v1${f.path}`)) return false;
      if (call.tokenEndpoint && f.status !== undefined && f.status < 500) return false;
      return true;
    });
    return fault ? this.consume(fault, now) : null;
  }
}

/** The reply a fault produces; null when it only delays the normal answer. */
export function faultReply(fault: Fault, tokenEndpoint: boolean): Reply | null {
  if (fault.drop) return { status: 0, drop: true, delayMs: fault.delayMs };
  if (fault.status === undefined) return null;
  let reply: Reply;
  if (tokenEndpoint) {
    reply = json(fault.status, {
      error: 'server_error',
      error_description: fault.status === 503 ? 'Service unavailable' : 'Internal server error',
    });
  } else if (fault.status === 401) {
    reply = apiError(401, 'The access token expired');
  } else if (fault.status === 403) {
    reply =
      fault.reason === undefined || fault.reason === 'DEV_MODE'
        ? text(403, DEV_MODE_BODY)
        : apiError(403, 'Forbidden', { reason: fault.reason });
  } else if (fault.status === 429) {
    reply = apiError(429, 'Too many requests', fault.reason ? { reason: fault.reason } : {});
    reply.headers = { ...reply.headers, 'retry-after': String(fault.retryAfterS ?? 1) };
  } else {
    reply = apiError(fault.status, fault.status === 503 ? 'Service unavailable' : 'Server error.');
  }
  if (fault.retryAfterS !== undefined && fault.status !== 429) {
    reply.headers = { ...reply.headers, 'retry-after': String(fault.retryAfterS) };
  }
  reply.delayMs = fault.delayMs;
  return reply;
}
