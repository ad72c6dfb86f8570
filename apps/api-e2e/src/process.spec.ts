import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from './support/http-client';
import { API_MAIN, startProduct, WORKSPACE } from './support/product';
import { DESKTOP_USER_AGENT } from './support/sandbox';

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
    [
      { TRUST_PROXY: 'true' },
      'Invalid configuration: TRUST_PROXY must be the number of reverse proxies in front of Soundlink, 0 to 10 (0 = none, 1 = one proxy such as nginx); "true" is no longer accepted because it trusts addresses a client can forge: give the hop count (got "true")',
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
    const email = `restart-${Date.now()}@example.test`;
    try {
      let product = await startProduct({}, { dataDir });
      const owner = new HttpClient(product.url);
      await owner.registerOwner(email, 'Restart');
      const catalog = await owner.json<{ tracks: Array<{ id: string }> }>(
        'GET',
        '/sandbox/spotify/_sandbox/catalog',
      );
      const campaign = await owner.json<{ id: string }>(
        'POST',
        '/api/v1/campaigns',
        { name: 'Restart', destination: `spotify:track:${catalog.tracks[0]!.id}` },
        201,
      );
      await owner.json(
        'POST',
        `/api/v1/campaigns/${campaign.id}/links`,
        { label: 'Poster', slug: 'restart-poster' },
        201,
      );
      const visitor = new HttpClient(product.url, DESKTOP_USER_AGENT);
      for (let i = 0; i < 3; i++) expect((await visitor.call('GET', '/l/restart-poster')).status).toBe(302);
      // At once: the clicks are still in the buffer; shutdown writes them before the database closes.
      expect(await product.stop()).toBe(0);

      product = await startProduct({}, { dataDir });
      try {
        const again = new HttpClient(product.url);
        const login = await again.json<{ csrfToken: string }>('POST', '/api/v1/auth/login', {
          email,
          password: 'a long and unusual passphrase',
        });
        again.csrf = login.csrfToken;
        let clicks = -1;
        for (let i = 0; i < 50 && clicks !== 3; i++) {
          const funnel = await again.json<{ clicks: number }>(
            'GET',
            `/api/v1/campaigns/${campaign.id}/analytics/funnel`,
          );
          clicks = funnel.clicks;
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
