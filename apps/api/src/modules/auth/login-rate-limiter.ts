import { Injectable } from '@nestjs/common';

interface Window {
  count: number;
  resetAt: number;
}

const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_ATTEMPTS_PER_IP = 30;

/**
 * Guards sign-in against guessing: per account, failed attempts; per IP, all attempts; each over a
 * 15-minute window. In-process counters (one API replica); a shared store comes with Redis.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly windows = new Map<string, Window>();

  /** Seconds to wait when the caller is over a limit, else 0. Counts the attempt against the IP. */
  checkAttempt(email: string, ip: string, now = Date.now()): number {
    this.sweep(now);
    const account = this.windows.get(`account:${email}`);
    if (account && account.count >= MAX_FAILURES_PER_ACCOUNT)
      return Math.ceil((account.resetAt - now) / 1000);
    const byIp = this.bump(`ip:${ip}`, now);
    if (byIp.count > MAX_ATTEMPTS_PER_IP) return Math.ceil((byIp.resetAt - now) / 1000);
    return 0;
  }

  recordFailure(email: string, now = Date.now()): void {
    this.bump(`account:${email}`, now);
  }

  recordSuccess(email: string): void {
    this.windows.delete(`account:${email}`);
  }

  private bump(key: string, now: number): Window {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + WINDOW_MS };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window;
  }

  private sweep(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
