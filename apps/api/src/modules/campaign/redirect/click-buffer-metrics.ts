import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The click buffer's metrics (soundlink_click*), registered once per buffer. */
export interface ClickBufferMetrics {
  written: Counter;
  dropped: Counter;
  flushErrors: Counter;
  rejected: Counter;
  journalErrors: Counter;
  replayed: Counter;
  flushSeconds: Histogram;
}

/** Registers the click buffer's metrics; the gauges read `size()` and `bytes()` when scraped. */
export function clickBufferMetrics(
  registry: Registry,
  size: () => number,
  bytes: () => number,
  maxBytes: number,
): ClickBufferMetrics {
  const registers = [registry];
  new Gauge({
    name: 'soundlink_click_buffer_max_bytes',
    help: 'CLICK_BUFFER_MAX_BYTES: past it, new clicks are dropped (soundlink_clicks_dropped_total).',
    registers,
  }).set(maxBytes);
  const buffered: Gauge = new Gauge({
    name: 'soundlink_click_buffer_size',
    help: 'Clicks and orphan-visit counts waiting to be written.',
    registers,
    collect: () => buffered.set(size()),
  });
  const bufferedBytes: Gauge = new Gauge({
    name: 'soundlink_click_buffer_bytes',
    help: 'Estimated memory of the clicks and orphan-visit counts waiting to be written (CLICK_BUFFER_MAX_BYTES caps it).',
    registers,
    collect: () => bufferedBytes.set(bytes()),
  });
  const written = new Counter({
    name: 'soundlink_clicks_written_total',
    help: 'Click rows and orphan-visit counts written.',
    labelNames: ['kind'],
    registers,
  });
  const dropped = new Counter({
    name: 'soundlink_clicks_dropped_total',
    help: 'Clicks and orphan visits not recorded because the buffer was full (CLICK_BUFFER_MAX_BYTES; the database was unreachable for long).',
    registers,
  });
  const rejected = new Counter({
    name: 'soundlink_clicks_rejected_total',
    help: 'Rows the database refused as invalid (logged and dropped; never seen in practice).',
    registers,
  });
  const flushErrors = new Counter({
    name: 'soundlink_click_flush_errors_total',
    help: 'Failed batch writes (retried).',
    registers,
  });
  const journalErrors = new Counter({
    name: 'soundlink_click_journal_errors_total',
    help: 'Failed writes to the click journal (the clicks stay buffered, but a crash could lose them).',
    registers,
  });
  const replayed = new Counter({
    name: 'soundlink_clicks_replayed_total',
    help: 'Clicks read back at start from the journal of a process that had stopped without writing them.',
    registers,
  });
  const flushSeconds = new Histogram({
    name: 'soundlink_click_flush_duration_seconds',
    help: 'Time to write one batch.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  return { written, dropped, flushErrors, rejected, journalErrors, replayed, flushSeconds };
}
