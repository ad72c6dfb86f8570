/** The token endpoint of the accounts service: POST /api/token (authorization code, refresh, client credentials). */
import { createHash, randomBytes } from 'node:crypto';
import { Core } from './core';
import { json, Reply, RequestContext } from './http';
import { SandboxClient, sixMonthsAfter } from './state';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope?: string;
  refresh_token?: string;
}

/** A random token or code as Spotify shapes them: a prefix and base64url bytes. */
export function opaque(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

function tokenError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}

/** Issues an access token (and a refresh token for users). */
export function issueTokens(
  core: Core,
  a: {
    clientId: string;
    userId: string | null;
    scopes: string[];
    refresh?: 'new' | 'none';
    authorizedAt?: number;
    pkce?: boolean;
  },
): TokenResponse {
  const now = core.clock.now();
  const ttl = core.options.accessTokenTtlS;
  const access = opaque('BQ', 96);
  core.state.accessTokens.set(access, {
    token: access,
    clientId: a.clientId,
    userId: a.userId,
    scopes: a.scopes,
    expiresAt: now + ttl * 1000,
  });
  const out: TokenResponse = { access_token: access, token_type: 'Bearer', expires_in: ttl };
  if (a.userId === null) return out;
  out.scope = a.scopes.join(' ');
  if (a.refresh !== 'none') {
    const authorizedAt = a.authorizedAt ?? now;
    const refresh = opaque('AQ', 96);
    core.state.refreshTokens.set(refresh, {
      token: refresh,
      clientId: a.clientId,
      userId: a.userId,
      scopes: a.scopes,
      authorizedAt,
      expiresAt: sixMonthsAfter(authorizedAt),
      revoked: false,
      pkce: a.pkce ?? false,
    });
    out.refresh_token = refresh;
  }
  return out;
}

interface ClientAuth {
  clientId: string | null;
  clientSecret: string | null;
}

function clientAuth(ctx: RequestContext, form: URLSearchParams): ClientAuth {
  const header = ctx.req.headers.authorization ?? '';
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) return { clientId: decoded.slice(0, i), clientSecret: decoded.slice(i + 1) };
  }
  return { clientId: form.get('client_id'), clientSecret: form.get('client_secret') };
}

/** Who a token request is about (for faults and the call log), before it is executed. */
export function identifyTokenCall(core: Core, ctx: RequestContext, form: URLSearchParams): void {
  ctx.clientId = clientAuth(ctx, form).clientId;
  const code = form.get('code');
  const refresh = form.get('refresh_token');
  if (form.get('grant_type') === 'authorization_code' && code)
    ctx.userId = core.state.codes.get(code)?.userId ?? null;
  if (form.get('grant_type') === 'refresh_token' && refresh) {
    ctx.userId = core.state.refreshTokens.get(refresh)?.userId ?? null;
  }
}

export function handleToken(core: Core, ctx: RequestContext, form: URLSearchParams): Reply {
  const grant = form.get('grant_type');
  const auth = clientAuth(ctx, form);
  const now = core.clock.now();
  const invalidClient = (d = 'Invalid client') => tokenError(401, 'invalid_client', d);
  const authenticate = (requireSecret: boolean): SandboxClient | Reply => {
    const client = core.state.client(auth.clientId);
    if (!auth.clientId || !client) return invalidClient();
    if (requireSecret || auth.clientSecret !== null) {
      if (auth.clientSecret !== client.clientSecret) return invalidClient('Invalid client secret');
    }
    return client;
  };

  if (grant === 'authorization_code') {
    const code = form.get('code');
    const redirectUri = form.get('redirect_uri');
    const record = code ? core.state.codes.get(code) : undefined;
    const client = authenticate(!record?.codeChallenge);
    if ('status' in client) return client;
    if (!code) return tokenError(400, 'invalid_request', 'code must be supplied');
    if (!redirectUri) return tokenError(400, 'invalid_request', 'redirect_uri must be supplied');
    if (!record || record.used || record.expiresAt <= now || record.clientId !== client.clientId) {
      return tokenError(400, 'invalid_grant', 'Invalid authorization code');
    }
    if (record.redirectUri !== redirectUri) return tokenError(400, 'invalid_grant', 'Invalid redirect URI');
    if (record.codeChallenge) {
      const verifier = form.get('code_verifier');
      if (!verifier) return tokenError(400, 'invalid_request', 'code_verifier required');
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (computed !== record.codeChallenge)
        return tokenError(400, 'invalid_grant', 'code_verifier was incorrect');
    }
    record.used = true;
    ctx.userId = record.userId;
    return json(
      200,
      issueTokens(core, {
        clientId: client.clientId,
        userId: record.userId,
        scopes: record.scopes,
        pkce: record.codeChallenge !== null,
      }),
    );
  }

  if (grant === 'refresh_token') {
    const token = form.get('refresh_token');
    const record = token ? core.state.refreshTokens.get(token) : undefined;
    const client = authenticate(!record?.pkce);
    if ('status' in client) return client;
    if (!token) return tokenError(400, 'invalid_request', 'refresh_token must be supplied');
    if (!record || record.clientId !== client.clientId) {
      return tokenError(400, 'invalid_grant', 'Invalid refresh token');
    }
    if (record.revoked) return tokenError(400, 'invalid_grant', 'Refresh token revoked');
    if (now >= record.expiresAt) return tokenError(400, 'invalid_grant', 'Invalid refresh token');
    ctx.userId = record.userId;
    const rotate = core.state.runtimeRng.chance(core.options.refreshRotationRate);
    // A rotation retires the refresh token just used: a second refresh with it (another process that read
    // the same token) answers invalid_grant, as Spotify does.
    if (rotate) core.state.refreshTokens.delete(token);
    return json(
      200,
      issueTokens(core, {
        clientId: client.clientId,
        userId: record.userId,
        scopes: record.scopes,
        refresh: rotate ? 'new' : 'none',
        authorizedAt: record.authorizedAt,
        pkce: record.pkce,
      }),
    );
  }

  if (grant === 'client_credentials') {
    const client = authenticate(true);
    if ('status' in client) return client;
    return json(200, issueTokens(core, { clientId: client.clientId, userId: null, scopes: [] }));
  }

  return tokenError(
    400,
    'unsupported_grant_type',
    grant
      ? 'grant_type must be client_credentials, authorization_code or refresh_token'
      : 'grant_type parameter is missing',
  );
}
