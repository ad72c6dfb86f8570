import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook } from './webhook-http';

describe('postWebhook', () => {
  let server: Server;
  let port: number;
  let seen: IncomingHttpHeaders | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen = req.headers;
      req.resume().on('end', () => res.writeHead(202).end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('connects to the address resolved for the attempt, never resolving the host again (no DNS rebinding)', async () => {
    // `.invalid` never resolves (RFC 6761): the request can only have gone to the pinned address.
    const url = new URL(`http://hooks.soundlink.invalid:${port}/in`);
    const outcome = await postWebhook(
      { url, addresses: [{ address: '127.0.0.1', family: 4 }] },
      { 'webhook-id': 'msg_1' },
      '{}',
    );
    expect(outcome).toMatchObject({ answered: true, status: 202, body: 'ok' });
    expect(seen).toMatchObject({ host: url.host, 'webhook-id': 'msg_1', 'content-type': 'application/json' });
  });
});
