/** What every /v1 route handler shares: the call, failures as exceptions, ids and paging parameters. */
import type { World } from './catalog';
import { Core } from './core';
import { apiError, Reply, RequestContext } from './http';
import { SPOTIFY_ID_RE, User } from './model';
import type { LinkContext } from './serialize';
import type { AccessToken } from './state';

export class ApiFailure extends Error {
  constructor(readonly reply: Reply) {
    super('api failure');
  }
}

export const fail = (status: number, message: string): never => {
  throw new ApiFailure(apiError(status, message));
};

export interface Call {
  core: Core;
  ctx: RequestContext;
  token: AccessToken;
  link: LinkContext;
  world: World;
  now: number;
}

export const api = (c: Call) => `${c.link.publicUrl}/v1`;

export function requireUser(c: Call): User {
  const user = c.token.userId ? c.world.users.get(c.token.userId) : undefined;
  if (!c.token.userId) return fail(401, 'Valid user authentication required');
  if (!user) return fail(401, 'Invalid access token');
  return user;
}

export function requireScope(c: Call, scope: string): void {
  if (!c.token.scopes.includes(scope)) fail(403, 'Insufficient client scope');
}

export function lookup<T>(map: Map<string, T>, id: string): T {
  if (!SPOTIFY_ID_RE.test(id)) fail(400, 'invalid id');
  const found = map.get(id);
  if (!found) return fail(404, 'Resource not found');
  return found;
}

export function intParam(c: Call, name: string, def: number, min: number, max: number): number {
  const raw = c.ctx.query.get(name);
  if (raw === null || raw === '') return def;
  if (!/^-?\d+$/.test(raw)) fail(400, `Invalid ${name}`);
  const v = Number(raw);
  if (v < min || v > max) fail(400, `Invalid ${name}`);
  return v;
}

export function pageParams(c: Call, defLimit: number, maxLimit: number) {
  return { limit: intParam(c, 'limit', defLimit, 1, maxLimit), offset: intParam(c, 'offset', 0, 0, 100_000) };
}
