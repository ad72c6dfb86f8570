import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** The parts of pglite-socket's (internal) query queue this patch relies on. */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(error: unknown): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(
      message: Uint8Array,
      options: { onRawData(data: Uint8Array): void },
    ): Promise<unknown>;
  };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Extended-query messages that leave a protocol cycle open: Parse, Bind, Describe, Execute, Close, Flush. */
const CYCLE_CONTINUES = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));

/**
 * pglite-socket 0.2 queues every protocol message on its own and keeps one connection's messages together
 * only inside an explicit transaction block. PGlite has ONE session, so the extended query protocol of two
 * connections (Parse, Bind, Describe, Execute, Sync) can interleave: one connection's Bind meets another's
 * unnamed statement — `bind message supplies 1 parameters, but prepared statement "" requires 3` — or, when
 * the parameter counts match, runs the other connection's statement with its own values. It happens as
 * soon as several connections queue while one holds a transaction (a poller's transaction, a request's).
 *
 * This keeps a connection's messages together until its cycle ends (Sync, a simple Query, Terminate), as a
 * real server's separate sessions would, and frees the session when that connection goes away mid-cycle.
 */
export function serializeProtocolCycles(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || typeof queue.processQueue !== 'function' || !Array.isArray(queue.queue)) {
    throw new Error('pglite-socket changed: its query queue is not the one serializeProtocolCycles knows');
  }
  /** The connection in the middle of a protocol cycle: only its messages are served until the cycle ends. */
  let cycleOwner: number | null = null;

  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const sticky = cycleOwner ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const index = sticky === null ? 0 : this.queue.findIndex((item) => item.handlerId === sticky);
        if (index === -1) break; // wait for that connection's next message (enqueue calls us again)
        const [item] = this.queue.splice(index, 1) as [QueuedMessage];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          cycleOwner = null;
          item.reject(error);
          continue;
        }
        cycleOwner = CYCLE_CONTINUES.has(item.message[0] as number) ? item.handlerId : null;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    if (cycleOwner === handlerId) {
      cycleOwner = null;
      void queue.processQueue();
    }
  };
}
