/** Tracker-link slug rules, shared by the API (which enforces them) and the SPA (which explains them as you type). */
export const SLUG_MIN = 3;
export const SLUG_MAX = 64;

/** Words a slug may not be: they name our own routes or would mislead a listener. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'admin',
  'api',
  'app',
  'assets',
  'auth',
  'callback',
  'campaigns',
  'connect',
  'dashboard',
  'docs',
  'health',
  'help',
  'l',
  'link',
  'links',
  'listener',
  'listeners',
  'login',
  'logout',
  'me',
  'metrics',
  'new',
  'null',
  'oauth',
  'register',
  'sandbox',
  'settings',
  'signin',
  'signup',
  'soundlink',
  'spotify',
  'static',
  'support',
  'trends',
  'undefined',
  'www',
]);

/** Lower-case letters, digits and single hyphens inside; what a custom slug must look like. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

/** Why a custom slug cannot be used (a reason after "slug …"), or undefined when it can (uniqueness is the database's). */
export function slugProblem(slug: string): string | undefined {
  if (slug.length < SLUG_MIN || slug.length > SLUG_MAX)
    return `must be ${SLUG_MIN} to ${SLUG_MAX} characters long`;
  if (!SLUG_PATTERN.test(slug)) {
    return 'may contain only lower-case letters, digits and single hyphens, and must start and end with a letter or digit';
  }
  if (RESERVED_SLUGS.has(slug)) return 'is a reserved word';
  return undefined;
}
