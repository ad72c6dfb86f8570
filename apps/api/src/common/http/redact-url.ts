/**
 * Query parameters whose values are credentials: OAuth authorization codes and states, tokens of any kind,
 * secrets and passwords. Compared lower-cased.
 */
const SECRET_PARAMETERS = new Set([
  'code',
  'state',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'secret',
  'password',
  'api_key',
  'apikey',
  'key',
  'signature',
  'sig',
]);

export const REDACTED = '[REDACTED]';

/**
 * The URL as it may be logged: the values of secret query parameters (`code`, `state`, `token`,
 * `access_token`, …) replaced by `[REDACTED]`, everything else as it came. Never throws.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  const at = url.indexOf('?');
  if (at < 0) return url;
  const hash = url.indexOf('#', at);
  const query = url.slice(at + 1, hash < 0 ? undefined : hash);
  let changed = false;
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      // a malformed escape: judge the name as written
    }
    if (eq < 0 || !SECRET_PARAMETERS.has(name.trim().toLowerCase())) return part;
    changed = true;
    return `${rawName}=${REDACTED}`;
  });
  return changed ? `${url.slice(0, at + 1)}${parts.join('&')}` : url;
}
