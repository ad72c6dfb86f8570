import { Injectable } from '@nestjs/common';

export interface TtlCacheOptions {
  /** A value is answered for this long after it was stored, then forgotten. */
  ttlMs: number;
  /** A bound on memory: storing a key when this many are held empties the cache first. */
  maxEntries: number;
}

/**
 * One process's small cache of values that may be briefly out of date (e.g. answers of an external API):
 * `get` answers a value stored less than `ttlMs` ago, `set` stores one. Synchronous, in memory, never shared
 * between processes; for values worth sharing across processes use CacheService (Redis).
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, { at: number; value: T }>();

  constructor(private readonly options: TtlCacheOptions) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (Date.now() - entry.at < this.options.ttlMs) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: T): void {
    if (this.entries.size >= this.options.maxEntries) this.entries.clear();
    this.entries.set(key, { at: Date.now(), value });
  }
}

/** Makes in-process TTL caches (TtlCache): injected, so a test can hand a service caches of its own. */
@Injectable()
export class TtlCacheService {
  create<T>(options: TtlCacheOptions): TtlCache<T> {
    return new TtlCache<T>(options);
  }
}
