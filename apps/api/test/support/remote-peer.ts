import { request as httpRequest, Server } from 'node:http';
import { duplexPair } from 'node:stream';
import type { TestServer } from './test-server';

export interface Answer {
  status: number;
  body: string;
}

/**
 * One HTTP request to the real app over a connection whose peer address is `remoteAddress`: the app's own
 * HTTP server is handed the server end of an in-memory socket pair, as it would be a TCP socket accepted
 * from that address. This lets a test be "another machine" on any host.
 */
export function requestFrom(
  server: TestServer,
  remoteAddress: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<Answer> {
  const [client, serverSide] = duplexPair();
  Object.defineProperty(serverSide, 'remoteAddress', { value: remoteAddress });
  (server.app.getHttpServer() as Server).emit('connection', serverSide);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        method,
        path,
        headers: {
          host: new URL(server.url).host,
          connection: 'close',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        createConnection: () => client as never,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
