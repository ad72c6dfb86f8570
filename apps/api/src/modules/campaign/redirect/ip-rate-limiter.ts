import { LRUCache } from 'lru-cache';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client (keyed by the IP's hash): a burst of `burst` visits, refilled at `perSecond`.
 * Over the limit a visitor still gets their answer; only the recording stops, so one abusive client
 * cannot flood the click or orphan-visit tables and real listeners behind the same address are never slowed.
 *
 * The buckets live in an LRU of at most `maxClients` entries: a new client past the cap evicts the least
 * recently seen one in O(1), so a spray of addresses costs bounded memory and constant time per visit. An
 * evicted client comes back with a full bucket, which only matters if more than `maxClients` clients were
 * seen since its last visit. (lru-cache: ~0.1 µs per visit; rate-limiter-flexible's memory store, a promise
 * per visit, ~1.8 µs — bench/RESULTS.md.)
 */
export class IpRateLimiter {
  private readonly buckets: LRUCache<string, Bucket>;
  private readonly burst: number;
  private readonly perSecond: number;

  constructor(options: { burst: number; perSecond: number; maxClients: number }) {
    this.burst = options.burst;
    this.perSecond = options.perSecond;
    this.buckets = new LRUCache<string, Bucket>({ max: options.maxClients });
  }

  /** Clients currently remembered (never more than maxClients). */
  get size(): number {
    return this.buckets.size;
  }

  allow(key: string, now = Date.now()): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
      bucket.at = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
