/**
 * Last.fm web authentication (https://www.last.fm/api/webauth): `GET /api/auth/?api_key=KEY&cb=URL` shows who
 * is signed in (here: every sandbox user, as radio buttons) and asks to allow the application; **Yes, allow
 * access** redirects to `cb` with `token=…` (single use, 60 minutes). Without `cb` the callback registered with
 * the key is used.
 */
import { escapeHtml, formBody, html, redirect, Reply, RequestContext } from '@soundlink/spotify-sandbox';
import type { LastfmCore } from './api';

function page(title: string, body: string, status = 200): Reply {
  return html(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} | Last.fm (sandbox)</title>` +
      `<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}` +
      `label{display:block;margin:.4rem 0}button{margin:.6rem .6rem 0 0;padding:.5rem 1rem}</style></head>` +
      `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
  );
}

/** `action`: where the form posts (path-absolute, so `/api/auth` and `/api/auth/` both work). */
export function handleAuthPage(core: LastfmCore, query: URLSearchParams, action: string): Reply {
  const app = core.state.app(query.get('api_key'));
  if (!app) return page('Invalid API key', '<p>This application’s API key is not valid.</p>', 400);
  const cb = query.get('cb') || app.callbackUrl;
  if (!cb) return page('No callback', '<p>The application gave no callback URL (<code>cb</code>).</p>', 400);
  const users = core.store.all();
  const choices = users.length
    ? users
        .map(
          (u, i) =>
            `<label><input type="radio" name="user" value="${escapeHtml(u.name)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(u.name)}</label>`,
        )
        .join('')
    : '<p>No sandbox users yet: create one with <code>POST …/_sandbox/users {"userName": "…"}</code>.</p>';
  return page(
    'Connect application',
    `<p>An application would like to connect to your Last.fm account. Signed in as:</p>` +
      `<form method="post" action="${escapeHtml(action)}">` +
      `<fieldset><legend>Last.fm user</legend>${choices}</fieldset>` +
      `<input type="hidden" name="api_key" value="${escapeHtml(app.apiKey)}">` +
      `<input type="hidden" name="cb" value="${escapeHtml(cb)}">` +
      `<button type="submit" name="decision" value="allow"${users.length ? '' : ' disabled'}>Yes, allow access</button>` +
      `<button type="submit" name="decision" value="deny">No, thanks</button>` +
      `</form>`,
  );
}

export async function handleAuthDecision(core: LastfmCore, ctx: RequestContext): Promise<Reply> {
  const form = await formBody(ctx);
  const app = core.state.app(form.get('api_key'));
  const cb = form.get('cb') || app?.callbackUrl;
  if (!app || !cb) return page('Invalid request', '<p>The authorization request is incomplete.</p>', 400);
  if (form.get('decision') !== 'allow')
    return page('Access not granted', '<p>You did not allow the application to connect.</p>');
  const user = core.store.get(form.get('user') ?? '');
  if (!user) return page('Choose a user', '<p>Pick the Last.fm user to connect.</p>', 400);
  const token = core.state.issueToken(app.apiKey, user.name, core.now());
  const url = new URL(cb);
  url.searchParams.set('token', token.token);
  return redirect(url.toString());
}
