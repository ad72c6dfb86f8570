/**
 * The embedded PostgreSQL on a thread of its own (see startEmbeddedPostgresThread): PGlite executes every
 * query synchronously in WebAssembly, so on the API's own event loop a batch of clicks would stall the
 * redirects for milliseconds. Here it stalls only this thread; the API reaches it over the loopback socket as
 * before. Messages: `ready` {url, location} or `failed` {message} once; `stop` in, `stopped` out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EmbeddedWorkerData, EmbeddedWorkerMessage, startEmbeddedPostgres } from './embedded-postgres';

const port = parentPort;
if (port) {
  const post = (message: EmbeddedWorkerMessage) => port.postMessage(message);
  startEmbeddedPostgres(workerData as EmbeddedWorkerData).then(
    (embedded) => {
      port.on('message', (message: unknown) => {
        if (message !== 'stop') return;
        void embedded
          .stop()
          .catch(() => undefined)
          .then(() => {
            post({ type: 'stopped' });
            port.close();
          });
      });
      post({ type: 'ready', url: embedded.url, location: embedded.location });
    },
    (error: unknown) =>
      post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
}
