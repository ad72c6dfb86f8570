import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/**
 * Puts a handler in front of the framework on the raw HTTP server: it sees every request first and
 * returns true for those it answered; the rest go on to Express (and Nest) untouched. For hot paths
 * that must not pay for the full request pipeline.
 */
export function putInFront(
  server: Server,
  handler: (req: IncomingMessage, res: ServerResponse) => boolean,
): void {
  const behind = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (handler(req, res)) return;
    for (const listener of behind) listener.call(server, req, res);
  });
}

/** Stops accepting connections and waits for requests in flight; after `graceMs` open connections are cut. */
export function closeServer(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
