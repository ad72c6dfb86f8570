import { randomUUID } from 'node:crypto';

/** The last millisecond stamped, and its stamp (the id's first 15 characters). */
let stampedAt = -1;
let stamp = '';

/**
 * A time-ordered UUID (RFC 9562 version 7): ids made in the process that keep B-tree inserts local.
 * Built on randomUUID(), which draws from a pooled random source, so it costs no syscall per id.
 */
export function uuidv7(now = Date.now()): string {
  // The 48-bit millisecond stamp, in hex, made once per millisecond: a timestamp is a double to V8, and
  // its toString(16) took a few per cent of the redirect's CPU (perf, bench/RESULTS.md).
  if (now !== stampedAt) {
    const time = now.toString(16).padStart(12, '0').slice(-12);
    stamp = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    stampedAt = now;
  }
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx, V in 8..b
  return `${stamp}${random.slice(15, 18)}${random.slice(18)}`;
}
