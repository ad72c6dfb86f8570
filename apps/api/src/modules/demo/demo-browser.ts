/** A minimal browser for the demo's simulated listeners: keeps cookies, follows nothing on its own. */
export class DemoBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(readonly userAgent: string) {}

  /** One request; answers the status and the Location header (relative locations resolved). */
  async request(
    url: string,
    init: { method?: string; form?: URLSearchParams } = {},
  ): Promise<{ status: number; location?: string }> {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        'user-agent': this.userAgent,
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form?.toString(),
    });
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(header) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    await res.arrayBuffer().catch(() => undefined);
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, location: location ? new URL(location, url).toString() : undefined };
  }

  has(cookie: string): boolean {
    return this.cookies.has(cookie);
  }
}
