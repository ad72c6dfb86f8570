import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../config/app-config';
import { MetricsService } from '../../modules/metrics/metrics.service';
import { CacheService } from './cache.service';

const REDIS_URL = process.env['TEST_REDIS_URL'];

/** A cache on a store of its own: memory, or a Redis key space no other run shares. */
function cacheOn(backend: 'memory' | 'redis', prefix: string, lockMs?: number) {
  const metrics = new MetricsService();
  const config = loadConfig({
    NODE_ENV: 'test',
    REDIS_KEY_PREFIX: prefix,
    ...(backend === 'redis' ? { REDIS_URL: REDIS_URL as string } : {}),
  });
  return { cache: new CacheService(config, metrics, { lockMs }), metrics };
}

async function counter(metrics: MetricsService, name: string, cache = 'test'): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => v.labels['cache'] === cache)?.value ?? 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The in-memory store always runs; the Redis store runs too when TEST_REDIS_URL names a Redis (CI).
const backends: Array<'memory' | 'redis'> = REDIS_URL ? ['memory', 'redis'] : ['memory'];

describe.each(backends)('the cache on the %s store', (backend) => {
  let cache: CacheService;
  let metrics: MetricsService;

  beforeEach(async () => {
    ({ cache, metrics } = cacheOn(backend, `test-${randomUUID()}:`));
    expect(cache.kind).toBe(backend);
  });
  afterEach(() => cache.onModuleDestroy());

  it('computes on the first call and answers the second from the store (a hit, on /metrics)', async () => {
    const compute = jest.fn(async () => ({ answer: 42 }));
    expect(await cache.getOrCompute('test', 'k', 10_000, compute)).toEqual({ answer: 42 });
    expect(await cache.getOrCompute('test', 'k', 10_000, compute)).toEqual({ answer: 42 });
    expect(compute).toHaveBeenCalledTimes(1);
    expect(await counter(metrics, 'cache_misses_total')).toBe(1);
    expect(await counter(metrics, 'cache_hits_total')).toBe(1);
    expect(await metrics.render()).toMatch(/cache_hits_total\{cache="test"\} 1/);
  });

  it('computes again once the TTL has passed, when no stale answer is allowed', async () => {
    let n = 0;
    const compute = async () => ++n;
    expect(await cache.getOrCompute('test', 'ttl', 150, compute, { staleMs: 0 })).toBe(1);
    expect(await cache.getOrCompute('test', 'ttl', 150, compute, { staleMs: 0 })).toBe(1);
    await sleep(250);
    expect(await cache.getOrCompute('test', 'ttl', 150, compute, { staleMs: 0 })).toBe(2);
    expect(await counter(metrics, 'cache_misses_total')).toBe(2);
  });

  it('answers a value past its TTL at once and recomputes it once in the background (stale-while-revalidate)', async () => {
    let n = 0;
    const compute = jest.fn(async () => {
      await sleep(60);
      return ++n;
    });
    expect(await cache.getOrCompute('test', 'swr', 300, compute)).toBe(1);
    await sleep(350);
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => cache.getOrCompute('test', 'swr', 300, compute)),
    );
    expect(Date.now() - started).toBeLessThan(50); // nobody waited for the 60 ms computation
    expect(answers).toEqual([1, 1, 1, 1, 1]);
    expect(await counter(metrics, 'cache_stale_total')).toBeGreaterThanOrEqual(1);
    await sleep(150);
    expect(await cache.getOrCompute('test', 'swr', 300, compute)).toBe(2);
    expect(compute).toHaveBeenCalledTimes(2);
    expect(await counter(metrics, 'cache_misses_total')).toBe(1);
    expect(await counter(metrics, 'cache_refreshes_total')).toBe(1);
  });

  it('waits for a new value once a value is older than TTL + staleMs (bounded staleness)', async () => {
    let n = 0;
    const compute = async () => ++n;
    expect(await cache.getOrCompute('test', 'bound', 100, compute, { staleMs: 100 })).toBe(1);
    await sleep(150);
    expect(await cache.getOrCompute('test', 'bound', 100, compute, { staleMs: 100 })).toBe(1);
    await sleep(300);
    expect(await cache.getOrCompute('test', 'bound', 100, compute, { staleMs: 100 })).toBe(3);
    expect(await counter(metrics, 'cache_stale_total')).toBe(1);
  });

  it('never answers a computation overtaken by an invalidation, nor a stale value after one', async () => {
    let n = 0;
    const slow = async () => {
      await sleep(80);
      return ++n;
    };
    const first = cache.getOrCompute('test', 'inv', 10_000, slow);
    await sleep(20);
    await cache.invalidate('test');
    // The computation that started before the invalidation is done again before it answers.
    expect(await first).toBe(2);
    expect(await cache.getOrCompute('test', 'inv', 10_000, slow)).toBe(2);
    await cache.invalidate('test');
    expect(await cache.getOrCompute('test', 'inv', 10_000, slow)).toBe(3);
  });

  it('computes once for many concurrent callers of one key (single flight)', async () => {
    const compute = jest.fn(async () => {
      await sleep(100);
      return 'value';
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => cache.getOrCompute('test', 'busy', 10_000, compute)),
    );
    expect(answers).toEqual(Array(20).fill('value'));
    expect(compute).toHaveBeenCalledTimes(1);
    expect(await counter(metrics, 'cache_misses_total')).toBe(1);
    expect(await counter(metrics, 'cache_hits_total')).toBe(19);
  });

  it('forgets a namespace on invalidate, and does not cache with a TTL of 0', async () => {
    let n = 0;
    const compute = async () => ++n;
    await cache.getOrCompute('test', 'a', 10_000, compute);
    await cache.invalidate('test');
    expect(await cache.getOrCompute('test', 'a', 10_000, compute)).toBe(2);
    expect(await cache.getOrCompute('test', 'off', 0, compute)).toBe(3);
    expect(await cache.getOrCompute('test', 'off', 0, compute)).toBe(4);
  });

  it('passes a failed computation to every waiting caller and caches nothing', async () => {
    const failing = jest.fn(async () => {
      await sleep(20);
      throw new Error('database down');
    });
    const calls = [1, 2, 3].map(() => cache.getOrCompute('test', 'fail', 10_000, failing));
    for (const call of calls) await expect(call).rejects.toThrow('database down');
    expect(await cache.getOrCompute('test', 'fail', 10_000, async () => 'recovered')).toBe('recovered');
  });
});

if (REDIS_URL) {
  describe('the cache across processes, on Redis (TEST_REDIS_URL)', () => {
    it('computes once when two processes miss the same key at the same time (short Redis lock)', async () => {
      const prefix = `test-${randomUUID()}:`;
      const one = cacheOn('redis', prefix);
      const two = cacheOn('redis', prefix);
      const compute = jest.fn(async () => {
        await sleep(200);
        return { chart: [1, 2, 3] };
      });
      try {
        const answers = await Promise.all([
          ...Array.from({ length: 5 }, () => one.cache.getOrCompute('test', 'shared', 10_000, compute)),
          ...Array.from({ length: 5 }, () => two.cache.getOrCompute('test', 'shared', 10_000, compute)),
        ]);
        expect(answers).toEqual(Array(10).fill({ chart: [1, 2, 3] }));
        expect(compute).toHaveBeenCalledTimes(1);
        expect(
          (await counter(one.metrics, 'cache_misses_total')) +
            (await counter(two.metrics, 'cache_misses_total')),
        ).toBe(1);
      } finally {
        await one.cache.onModuleDestroy();
        await two.cache.onModuleDestroy();
      }
    });

    it('an invalidation in one process is seen by the other at once (a generation shared through Redis)', async () => {
      const prefix = `test-${randomUUID()}:`;
      const one = cacheOn('redis', prefix);
      const two = cacheOn('redis', prefix);
      let n = 0;
      const compute = async () => ++n;
      try {
        expect(await one.cache.getOrCompute('test', 'gen', 10_000, compute)).toBe(1);
        expect(await two.cache.getOrCompute('test', 'gen', 10_000, compute)).toBe(1);
        // All within one millisecond (as on a fast machine): the other process's new value is still current.
        const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now());
        try {
          await one.cache.invalidate('test');
          expect(await two.cache.getOrCompute('test', 'gen', 10_000, compute)).toBe(2);
          expect(await one.cache.getOrCompute('test', 'gen', 10_000, compute)).toBe(2);
        } finally {
          clock.mockRestore();
        }
      } finally {
        await one.cache.onModuleDestroy();
        await two.cache.onModuleDestroy();
      }
    });

    it('refreshes a stale value in one process only', async () => {
      const prefix = `test-${randomUUID()}:`;
      const one = cacheOn('redis', prefix);
      const two = cacheOn('redis', prefix);
      let n = 0;
      const compute = jest.fn(async () => {
        await sleep(100);
        return ++n;
      });
      try {
        expect(await one.cache.getOrCompute('test', 'swr', 150, compute)).toBe(1);
        await sleep(200);
        expect(await one.cache.getOrCompute('test', 'swr', 150, compute)).toBe(1);
        expect(await two.cache.getOrCompute('test', 'swr', 150, compute)).toBe(1);
        await sleep(200);
        expect(await two.cache.getOrCompute('test', 'swr', 150, compute)).toBe(2);
        expect(compute).toHaveBeenCalledTimes(2);
      } finally {
        await one.cache.onModuleDestroy();
        await two.cache.onModuleDestroy();
      }
    });
  });
}

describe('the cache when Redis is unreachable', () => {
  it('never fails the caller: it computes every time and counts the store errors', async () => {
    const metrics = new MetricsService();
    const config = loadConfig({ NODE_ENV: 'test', REDIS_URL: 'redis://127.0.0.1:1' });
    const cache = new CacheService(config, metrics);
    try {
      expect(cache.kind).toBe('redis');
      let n = 0;
      const compute = async () => ++n;
      expect(await cache.getOrCompute('test', 'k', 10_000, compute)).toBe(1);
      expect(await cache.getOrCompute('test', 'k', 10_000, compute)).toBe(2);
      await expect(cache.invalidate('test')).resolves.toBeUndefined();
      expect(await counter(metrics, 'cache_errors_total')).toBeGreaterThanOrEqual(4);
      expect(await counter(metrics, 'cache_misses_total')).toBe(2);
    } finally {
      await cache.onModuleDestroy();
    }
  });
});
