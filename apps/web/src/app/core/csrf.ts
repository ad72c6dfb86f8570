import type { Middleware } from 'openapi-fetch';
import { CSRF_COOKIE, CSRF_HEADER, readCookie } from './cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/**
 * openapi-fetch middleware: every unsafe request (POST, PATCH, PUT, DELETE) carries the current value of
 * the `sl_csrf` cookie in `X-CSRF-Token`. The cookie is read at request time because the API rotates it.
 */
export function csrfMiddleware(readCookies: () => string): Middleware {
  return {
    onRequest({ request }) {
      if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
      const token = readCookie(readCookies(), CSRF_COOKIE);
      if (token) request.headers.set(CSRF_HEADER, token);
      return request;
    },
  };
}
