/** A browser over plain HTTP: a cookie jar (an owner's session, or a listener's cookies) and a CSRF token. */
export class HttpClient {
  readonly cookies = new Map<string, string>();
  /** The owner session's CSRF token, sent with every unsafe request once known. */
  csrf = '';

  /** `userAgent`: a desktop browser's (DESKTOP_USER_AGENT) where the tracker redirect must not see a bot. */
  constructor(
    private readonly baseUrl: string,
    private readonly userAgent?: string,
  ) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(path.startsWith('http') ? path : `${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(this.userAgent ? { 'user-agent': this.userAgent } : {}),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' || !this.csrf ? {} : { 'x-csrf-token': this.csrf }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  }

  /** The JSON answer; any status but `expected` fails with the API's answer. */
  async json<T>(method: string, path: string, body?: unknown, expected = 200): Promise<T> {
    const res = await this.call(method, path, body);
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Creates an owner account and goes on signed in as it, with the session's CSRF token. */
  async registerOwner(email: string, displayName: string): Promise<void> {
    const body = await this.json<{ csrfToken: string }>(
      'POST',
      '/api/v1/auth/register',
      { email, password: 'a long and unusual passphrase', displayName },
      201,
    );
    this.csrf = body.csrfToken;
  }

  /** The cookies, for a browser context that goes on with this session (BrowserContext.addCookies). */
  cookiesFor(url: string): Array<{ name: string; value: string; url: string }> {
    return [...this.cookies].map(([name, value]) => ({ name, value, url }));
  }
}
