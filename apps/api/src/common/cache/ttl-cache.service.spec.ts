import { Test } from '@nestjs/testing';
import { TtlCacheService } from './ttl-cache.service';

describe('TtlCacheService', () => {
  let caches: TtlCacheService;

  beforeEach(async () => {
    jest.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
    const module = await Test.createTestingModule({ providers: [TtlCacheService] }).compile();
    caches = module.get(TtlCacheService);
  });
  afterEach(() => jest.useRealTimers());

  it('answers a stored value until its TTL has passed, then forgets it', () => {
    const cache = caches.create<{ answer: number }>({ ttlMs: 1_000, maxEntries: 10 });
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', { answer: 42 });
    jest.advanceTimersByTime(999);
    expect(cache.get('k')).toEqual({ answer: 42 });
    jest.advanceTimersByTime(1);
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps each cache to itself, and a new value of a key restarts its TTL', () => {
    const a = caches.create<string>({ ttlMs: 1_000, maxEntries: 10 });
    const b = caches.create<string>({ ttlMs: 1_000, maxEntries: 10 });
    a.set('k', 'a');
    expect(b.get('k')).toBeUndefined();
    jest.advanceTimersByTime(600);
    a.set('k', 'a2');
    jest.advanceTimersByTime(600);
    expect(a.get('k')).toBe('a2');
  });

  it('empties itself when full rather than grow past maxEntries', () => {
    const cache = caches.create<number>({ ttlMs: 60_000, maxEntries: 3 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.size).toBe(3);
    cache.set('d', 4);
    expect(cache.size).toBe(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('d')).toBe(4);
  });
});
