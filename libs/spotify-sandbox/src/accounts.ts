/** The accounts service's consent flow: GET /authorize (consent page) and POST /authorize/decision. */
import { Core, KNOWN_SCOPES } from './core';
import { escapeHtml, formBody, html, redirect, Reply, RequestContext } from './http';
import { SandboxClient } from './state';
import { opaque } from './tokens';

const COOKIE = 'sp_sandbox_user';

function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * Redirect URI rules as Spotify applies them: exact match with a registered URI; https, except loopback
 * literals `http://127.0.0.1` / `http://[::1]`; `localhost` refused. A loopback URI registered without a port
 * accepts any port (RFC 8252 §7.3).
 */
export function checkRedirectUri(client: SandboxClient, uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'Invalid redirect URI';
  }
  if (url.hostname === 'localhost') return 'Insecure redirect URI';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'Insecure redirect URI';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Invalid redirect URI';
  for (const registered of client.redirectUris) {
    if (registered === uri) return null;
    let reg: URL;
    try {
      reg = new URL(registered);
    } catch {
      continue;
    }
    if (
      reg.protocol === 'http:' &&
      isLoopbackHost(reg.hostname) &&
      reg.port === '' &&
      !/^http:\/\/(127\.0\.0\.1|\[::1\]):80(\/|$)/.test(registered) &&
      url.protocol === 'http:' &&
      url.hostname === reg.hostname &&
      url.pathname === reg.pathname &&
      url.search === reg.search
    ) {
      return null;
    }
  }
  return 'Invalid redirect URI';
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

function errorPage(message: string): Reply {
  return html(
    400,
    page(
      'Error',
      `<h1>Something went wrong</h1><p class="error">${escapeHtml(message)}</p>` +
        '<p>Check the client_id and redirect_uri your app sends.</p>',
    ),
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Spotify sandbox</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#121212;color:#fff;margin:0;display:flex;justify-content:center}
main{max-width:440px;width:100%;padding:40px 24px}
h1{font-size:1.6rem;margin:0 0 8px}.muted{color:#b3b3b3}.error{color:#f15e6c;font-weight:600}
ul.scopes{padding-left:20px;color:#ddd}fieldset{border:1px solid #333;border-radius:8px;padding:12px 16px;margin:16px 0}
label{display:block;padding:6px 0;cursor:pointer}
.buttons{display:flex;gap:12px;margin-top:20px}
button{flex:1;border:0;border-radius:500px;padding:12px 20px;font-weight:700;font-size:1rem;cursor:pointer}
button.agree{background:#1ed760;color:#000}button.cancel{background:transparent;color:#fff;border:1px solid #878787}
.badge{display:inline-block;font-size:.75rem;background:#333;border-radius:4px;padding:2px 6px;margin-bottom:16px}
</style></head><body><main><span class="badge">Spotify sandbox</span>${body}</main></body></html>`;
}

interface AuthorizeParams {
  client: SandboxClient;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  showDialog: boolean;
  codeChallenge: string | null;
}

/** Validates an authorize request: an error page (client/redirect problems), a redirect with an error, or the params. */
function validateAuthorize(core: Core, q: URLSearchParams): Reply | AuthorizeParams {
  const clientId = q.get('client_id') ?? '';
  const client = core.state.client(clientId);
  if (!client) return errorPage('INVALID_CLIENT: Invalid client');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!redirectUri) return errorPage('INVALID_CLIENT: Missing redirect URI');
  const problem = checkRedirectUri(client, redirectUri);
  if (problem) return errorPage(`INVALID_CLIENT: ${problem}`);
  const state = q.get('state') ?? undefined;
  const fail = (error: string, description: string) =>
    redirect(withParams(redirectUri, { error, error_description: description, state }));
  if (q.get('response_type') !== 'code') {
    return fail('unsupported_response_type', 'response_type must be code');
  }
  const scopes = [...new Set((q.get('scope') ?? '').split(/\s+/).filter(Boolean))];
  const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
  if (unknown.length > 0) return fail('invalid_scope', `Unknown scope: ${unknown.join(' ')}`);
  const method = q.get('code_challenge_method');
  const challenge = q.get('code_challenge');
  if (method !== null || challenge !== null) {
    if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    if (!challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return fail('invalid_request', 'Invalid code_challenge');
  }
  return {
    client,
    clientId,
    redirectUri,
    scopes,
    state,
    showDialog: q.get('show_dialog') === 'true',
    codeChallenge: challenge,
  };
}

function cookieUser(ctx: RequestContext): string | null {
  const header = ctx.req.headers.cookie ?? '';
  const match = new RegExp(`(?:^|;\\s*)${COOKIE}=([^;]+)`).exec(header);
  return match ? decodeURIComponent(match[1]) : null;
}

function issueCode(core: Core, p: AuthorizeParams, userId: string): string {
  const code = opaque('AQ', 96);
  core.state.codes.set(code, {
    code,
    clientId: p.clientId,
    redirectUri: p.redirectUri,
    userId,
    scopes: p.scopes,
    codeChallenge: p.codeChallenge,
    expiresAt: core.clock.now() + core.options.authCodeTtlMs,
    used: false,
  });
  core.state.recordAuthorization(p.clientId, userId, p.scopes);
  return code;
}

export function handleAuthorize(core: Core, ctx: RequestContext): Reply {
  const v = validateAuthorize(core, ctx.query);
  if ('status' in v) return v;
  ctx.clientId = v.clientId;
  const remembered = cookieUser(ctx);
  if (!v.showDialog && remembered && core.state.world.users.has(remembered)) {
    const approved = core.state.approvals.get(`${v.clientId}:${remembered}`);
    if (approved && v.scopes.every((s) => approved.has(s))) {
      ctx.userId = remembered;
      return redirect(withParams(v.redirectUri, { code: issueCode(core, v, remembered), state: v.state }));
    }
  }
  const users = [...core.state.world.users.values()];
  const hidden = [
    'client_id',
    'response_type',
    'redirect_uri',
    'scope',
    'state',
    'show_dialog',
    'code_challenge',
    'code_challenge_method',
  ]
    .filter((k) => ctx.query.has(k))
    .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(ctx.query.get(k) ?? '')}">`)
    .join('\n');
  const radios = users
    .map(
      (u, i) =>
        `<label><input type="radio" name="user_id" value="${escapeHtml(u.id)}"${i === 0 ? ' checked' : ''}> ` +
        `${escapeHtml(u.displayName)} <span class="muted">(${escapeHtml(u.id)})</span></label>`,
    )
    .join('\n');
  const scopes = v.scopes.length
    ? `<ul class="scopes">${v.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`
    : '<p class="muted">Your public profile only.</p>';
  return html(
    200,
    page(
      'Authorize',
      `<h1>Connect to ${escapeHtml(v.clientId)}</h1>
<p class="muted">This app wants to access your Spotify account:</p>${scopes}
<form method="post" action="authorize/decision">
${hidden}
<fieldset><legend>Log in as</legend>
${radios}
</fieldset>
<div class="buttons">
<button type="submit" class="cancel" name="decision" value="cancel">Cancel</button>
<button type="submit" class="agree" name="decision" value="agree">Agree</button>
</div>
</form>`,
    ),
  );
}

export async function handleDecision(core: Core, ctx: RequestContext): Promise<Reply> {
  const form = await formBody(ctx);
  const v = validateAuthorize(core, form);
  if ('status' in v) return v;
  ctx.clientId = v.clientId;
  const decision = form.get('decision');
  if (decision === 'cancel') {
    return redirect(withParams(v.redirectUri, { error: 'access_denied', state: v.state }));
  }
  if (decision !== 'agree') return errorPage('Choose Agree or Cancel');
  const userId = form.get('user_id') ?? '';
  if (!core.state.world.users.has(userId)) return errorPage('Choose a sandbox user');
  ctx.userId = userId;
  const cookiePath = core.options.basePath || '/';
  return redirect(withParams(v.redirectUri, { code: issueCode(core, v, userId), state: v.state }), {
    'set-cookie': `${COOKIE}=${encodeURIComponent(userId)}; Path=${cookiePath}; HttpOnly; SameSite=Lax`,
  });
}
