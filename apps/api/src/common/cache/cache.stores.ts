import Redis from 'ioredis';

/** Where cached values live: this process's memory, or Redis shared by every process. */
export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | undefined>;
  /** A key's value and the current generation of its namespace ('0' before the first bump), in one round trip. */
  read(key: string, generationKey: string): Promise<{ value: string | undefined; generation: string }>;
  /** Moves a namespace to a new generation (answered): values stored under an older one are no longer answered. */
  bump(generationKey: string): Promise<string>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Takes the short lock of a key (one computation across processes); true when this caller holds it. */
  lock(key: string, token: string, ttlMs: number): Promise<boolean>;
  unlock(key: string, token: string): Promise<void>;
  /** Deletes every key that starts with the prefix. */
  deletePrefix(prefix: string): Promise<void>;
  close(): Promise<void>;
}

/** In-process store: entries expire after their TTL; past `maxEntries` the oldest entries go first. */
export class MemoryCacheStore implements CacheStore {
  readonly kind = 'memory';
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async read(key: string, generationKey: string): Promise<{ value: string | undefined; generation: string }> {
    return { value: await this.get(key), generation: String(this.generations.get(generationKey) ?? 0) };
  }

  async bump(generationKey: string): Promise<string> {
    const generation = (this.generations.get(generationKey) ?? 0) + 1;
    this.generations.set(generationKey, generation);
    return String(generation);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** One process: the service's in-process single flight already makes the computation unique. */
  async lock(): Promise<boolean> {
    return true;
  }

  async unlock(): Promise<void> {
    // nothing to release
  }

  async deletePrefix(prefix: string): Promise<void> {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}

/** Deletes the lock only when this caller still holds it (it may have expired and been taken by another). */
const UNLOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Redis store. Commands fail fast while Redis is unreachable (no offline queue, one attempt, a short
 * command timeout): the caller then computes instead of waiting. The client reconnects in the background.
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = 'redis';
  readonly client: Redis;
  /** Settles when the first connection attempt is over (commands wait for it once, then fail fast). */
  private readonly firstConnection: Promise<void>;

  constructor(url: string, onError: (error: Error) => void, commandTimeoutMs = 500) {
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: commandTimeoutMs,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
    });
    this.client.on('error', onError);
    this.firstConnection = this.client.connect().catch(() => undefined);
  }

  async get(key: string): Promise<string | undefined> {
    await this.firstConnection;
    return (await this.client.get(key)) ?? undefined;
  }

  async read(key: string, generationKey: string): Promise<{ value: string | undefined; generation: string }> {
    await this.firstConnection;
    const [generation, value] = await this.client.mget(generationKey, key);
    return { value: value ?? undefined, generation: generation ?? '0' };
  }

  async bump(generationKey: string): Promise<string> {
    await this.firstConnection;
    return String(await this.client.incr(generationKey));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.firstConnection;
    await this.client.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async lock(key: string, token: string, ttlMs: number): Promise<boolean> {
    await this.firstConnection;
    return (await this.client.set(`${key}:lock`, token, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
  }

  async unlock(key: string, token: string): Promise<void> {
    await this.firstConnection;
    await this.client.eval(UNLOCK, 1, `${key}:lock`, token);
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.firstConnection;
    let cursor = '0';
    do {
      const [next, keys] = await this.client.scan(
        cursor,
        'MATCH',
        `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`,
        'COUNT',
        500,
      );
      if (keys.length > 0) await this.client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
