import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { HistoryReadResult, StreamingHistoryReader } from './streaming-history.reader';

/** The upload is read this many bytes at a time, yielding to the event loop in between. */
export const READ_SLICE = 4 * 1024;

/**
 * Receives an upload: each chunk is appended to a new spool file at `path` and fed to `reader`, which
 * validates it and counts (it keeps no play); answers what the reader read. The request body is drained
 * whatever happens, so an error answer reaches the client; a failure is rejected as `toError` makes it.
 */
export async function spoolHistoryUpload(
  body: Readable,
  reader: StreamingHistoryReader,
  path: string,
  toError: (error: unknown) => unknown,
): Promise<HistoryReadResult> {
  const file = await open(path, 'wx', 0o600);
  try {
    return await new Promise<HistoryReadResult>((resolve, reject) => {
      let failed = false;
      let ended = false;
      /** Chunks are handled one after the other; 'end' may come while the last one is still handled. */
      let handling: Promise<void> = Promise.resolve();
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        // Keep reading (and dropping) the rest, so the error answer reaches the client.
        reject(toError(error));
      };
      body.on('data', (chunk: Buffer) => {
        if (failed) return;
        // A ZIP chunk can inflate to megabytes of JSON: read it in slices, yielding in between, with the
        // request paused meanwhile (and while the chunk goes to disk).
        body.pause();
        handling = handling.then(async () => {
          try {
            for (let offset = 0; offset < chunk.length && !failed; offset += READ_SLICE) {
              if (offset > 0) await yieldToEventLoop();
              reader.push(chunk.subarray(offset, offset + READ_SLICE));
            }
            if (!failed) await file.write(chunk);
          } catch (error) {
            fail(error);
          }
          body.resume();
        });
      });
      body.once('end', () => {
        ended = true;
        void handling.then(() => {
          if (failed) return;
          try {
            resolve(reader.finish());
          } catch (error) {
            fail(error);
          }
        });
      });
      body.once('error', fail);
      body.once('close', () => {
        if (!ended) fail(new Error('The upload was interrupted.'));
      });
    });
  } finally {
    await file.close();
  }
}
