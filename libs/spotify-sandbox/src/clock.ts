/**
 * The sandbox clock. Token expiry, code expiry, refresh-token lifetime, fault windows, play timestamps and the
 * simulation all read it. It follows real time unless frozen; it can be set or moved forward at will.
 */
export interface SandboxClock {
  /** Current sandbox time in epoch milliseconds. */
  now(): number;
  /** Jumps to the given instant (epoch ms, ISO string or Date). Keeps the frozen state. */
  set(time: number | string | Date): void;
  /** Moves the clock by ms (may be negative). */
  advance(ms: number): void;
  /** Stops (true, default) or resumes (false) the clock. */
  freeze(frozen?: boolean): void;
  isFrozen(): boolean;
  /** Back to real time, running. */
  reset(): void;
}

export function parseInstant(time: number | string | Date): number {
  const ms = typeof time === 'number' ? time : time instanceof Date ? time.getTime() : Date.parse(time);
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid time: ${String(time)}`);
  return ms;
}

export class SandboxClockImpl implements SandboxClock {
  private anchorSandbox = Date.now();
  private anchorReal = Date.now();
  private frozen = false;

  now(): number {
    return this.frozen ? this.anchorSandbox : this.anchorSandbox + (Date.now() - this.anchorReal);
  }

  set(time: number | string | Date): void {
    this.anchorSandbox = parseInstant(time);
    this.anchorReal = Date.now();
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('advanceMs must be a finite number');
    this.set(this.now() + ms);
  }

  freeze(frozen = true): void {
    if (frozen === this.frozen) return;
    this.anchorSandbox = this.now();
    this.anchorReal = Date.now();
    this.frozen = frozen;
  }

  isFrozen(): boolean {
    return this.frozen;
  }

  reset(): void {
    this.anchorSandbox = Date.now();
    this.anchorReal = this.anchorSandbox;
    this.frozen = false;
  }
}
