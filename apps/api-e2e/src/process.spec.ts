import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, startProduct, WORKSPACE } from './support/product';

function runMain(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [API_MAIN], {
      cwd: WORKSPACE,
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A JSON call with the session's cookies and CSRF token, as the SPA makes it. */
async function call(
  base: string,
  method: string,
  path: string,
  body: unknown,
  cookies: string[] = [],
): Promise<{ status: number; json: Record<string, unknown>; cookies: string[] }> {
  const csrf = cookies
    .find((c) => c.startsWith('sl_csrf='))
    ?.split(';')[0]
    ?.slice('sl_csrf='.length);
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      cookie: cookies.map((c) => c.split(';')[0]).join('; '),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    cookies: res.headers.getSetCookie(),
  };
}

describe('the built product as a process', () => {
  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be an integer between 0 and 65535 (got "abc")'],
    [
      { DATABASE_URL: 'postgres//nohost' },
      'Invalid configuration: DATABASE_URL must be a URL like postgres://user:password@host:5432/database',
    ],
    [
      { ENCRYPTION_KEY: 'c2hvcnQ=' },
      'Invalid configuration: ENCRYPTION_KEY must be 32 bytes: 64 hex characters or 44 base64 characters',
    ],
  ])('refuses to start with %p and says why in one line', async (env, line) => {
    const result = await runMain(env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`${line}\n`);
  });

  it('drains an in-flight request on SIGTERM, then exits 0', async () => {
    const product = await startProduct();
    const { port } = new URL(product.url);
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/echo',
          headers: { 'content-type': 'application/json', 'content-length': '13' },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      // Half the body now: the request is in flight when SIGTERM arrives.
      req.write('{"slow":');
      setTimeout(() => {
        product.child.kill('SIGTERM');
        setTimeout(() => req.end('true}'), 300);
      }, 300);
    });
    const response = await answered;
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'RouteNotFound' });
    expect(await product.stop()).toBe(0);
    expect(product.output()).toContain('SIGTERM received: draining requests and closing the database.');
  });

  it('keeps what it stored across a restart on the same DATA_DIR, clicks still buffered at SIGTERM included', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'soundlink-restart-'));
    try {
      let product = await startProduct({}, { dataDir });
      const owner = { email: `restart-${Date.now()}@example.test`, password: 'a long restart passphrase' };
      const registered = await call(product.url, 'POST', '/api/v1/auth/register', owner);
      expect(registered.status).toBe(201);
      const catalog = (await (await fetch(`${product.url}/sandbox/spotify/_sandbox/catalog`)).json()) as {
        tracks: Array<{ id: string }>;
      };
      const campaign = await call(
        product.url,
        'POST',
        '/api/v1/campaigns',
        { name: 'Restart', destination: `spotify:track:${catalog.tracks[0]!.id}` },
        registered.cookies,
      );
      expect(campaign.status).toBe(201);
      const campaignId = String(campaign.json['id']);
      const link = await call(
        product.url,
        'POST',
        `/api/v1/campaigns/${campaignId}/links`,
        { label: 'Poster', slug: 'restart-poster' },
        registered.cookies,
      );
      expect(link.status).toBe(201);
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${product.url}/l/restart-poster`, {
          redirect: 'manual',
          headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120' },
        });
        expect(res.status).toBe(302);
      }
      // At once: the clicks are still in the buffer; shutdown writes them before the database closes.
      expect(await product.stop()).toBe(0);

      product = await startProduct({}, { dataDir });
      try {
        const login = await call(product.url, 'POST', '/api/v1/auth/login', owner);
        expect(login.status).toBe(200);
        let clicks = -1;
        for (let i = 0; i < 50 && clicks !== 3; i++) {
          const funnel = await call(
            product.url,
            'GET',
            `/api/v1/campaigns/${campaignId}/analytics/funnel`,
            undefined,
            login.cookies,
          );
          clicks = Number(funnel.json['clicks']);
          if (clicks !== 3) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(clicks).toBe(3);
      } finally {
        await product.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
