/**
 * A token bucket per client (keyed by the IP's hash): a burst of `capacity` visits, refilled at `perSecond`.
 * Over the limit a visitor still gets their redirect; only the recording stops, so one abusive client
 * cannot flood the click table and real listeners behind the same address are never slowed.
 */
export class IpRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity = 120,
    private readonly perSecond = 2,
  ) {}

  allow(key: string, now = Date.now()): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= 200_000) this.sweep(now);
      bucket = { tokens: this.capacity, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private sweep(now: number): void {
    const idleMs = (this.capacity / this.perSecond) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.at > idleMs) this.buckets.delete(key);
  }
}
