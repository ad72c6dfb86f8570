/** The value of cookie `name` in a `document.cookie` string, or null when it is not set. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1) continue;
    if (part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}

/** The readable CSRF cookie the API sets beside the httpOnly session cookie. */
export const CSRF_COOKIE = 'sl_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
