import { Writable } from 'node:stream';
import request from 'supertest';
import { startTestServer, TestServer } from '../support/test-server';

describe('security: request logs', () => {
  let server: TestServer;
  const lines: string[] = [];

  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    // debug: the request lines (info) are written, as in production
    server = await startTestServer({ LOG_LEVEL: 'debug' }, { logStream });
  });
  afterAll(() => server?.stop());

  const loggedRequest = (path: string) =>
    lines.filter((line) => line.includes(path) && line.includes('"url"')).join('\n');

  it('attack: an OAuth authorization code and state are read from the request log', async () => {
    await request(server.url)
      .get('/api/v1/listeners/connect/callback?code=SECRETCODE4242&state=SECRETSTATE4242&utm=keep')
      .redirects(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const logged = loggedRequest('/api/v1/listeners/connect/callback');
    expect(logged).not.toBe('');
    expect(logged).not.toContain('SECRETCODE4242');
    expect(logged).not.toContain('SECRETSTATE4242');
    // What is not a secret stays readable.
    expect(logged).toContain('utm=keep');
  });

  it('attack: tokens in any query string are read from the request log', async () => {
    await request(server.url).get(
      '/api/v1/nowhere?access_token=SECRETACCESS4242&refresh_token=SECRETREFRESH4242&Token=SECRETTOKEN4242&id_token=SECRETID4242',
    );
    await request(server.url).get(
      '/api/v1/owners/me/spotify/callback?state=SECRETOWNERSTATE&code=SECRETOWNERCODE',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const logged = [
      loggedRequest('/api/v1/nowhere'),
      loggedRequest('/api/v1/owners/me/spotify/callback'),
    ].join('\n');
    expect(logged).toContain('/api/v1/nowhere');
    for (const secret of [
      'SECRETACCESS4242',
      'SECRETREFRESH4242',
      'SECRETTOKEN4242',
      'SECRETID4242',
      'SECRETOWNERSTATE',
      'SECRETOWNERCODE',
    ])
      expect(logged).not.toContain(secret);
  });
});
