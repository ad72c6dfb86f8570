import { demoPastListening } from './demo.service';

const DAY = 86_400_000;
const NOW = new Date('2026-11-21T09:30:00.000Z');
const TODAY = Date.UTC(2026, 10, 21);
const POOL = Array.from({ length: 12 }, (_, i) => `track${String(i).padStart(17, '0')}`);

/** Distinct listeners of each track over the whole UTC days [from, to] ago. */
function listenersOf(n: number, k: number, from: number, to: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const tracks = new Set(
      demoPastListening(i, n, k, POOL, NOW)
        .filter(
          (p) => p.playedAt.getTime() >= TODAY - to * DAY && p.playedAt.getTime() < TODAY - (from - 1) * DAY,
        )
        .map((p) => p.trackId),
    );
    for (const track of tracks) counts.set(track, (counts.get(track) ?? 0) + 1);
  }
  return counts;
}

describe("the demo crowd's past listening", () => {
  const k = 10;
  const n = k + 3;

  it('stays within whole past UTC days and Spotify’s last 50 plays, one instant per play', () => {
    for (let i = 0; i < n; i++) {
      const plays = demoPastListening(i, n, k, POOL, NOW);
      expect(plays.length).toBeLessThanOrEqual(50);
      expect(new Set(plays.map((p) => p.playedAt.getTime())).size).toBe(plays.length);
      for (const p of plays) {
        expect(p.playedAt.getTime()).toBeLessThan(TODAY);
        expect(p.playedAt.getTime()).toBeGreaterThanOrEqual(TODAY - 14 * DAY);
      }
    }
  });

  it('gives the 7-day chart six hits everyone played in both weeks, risers and a newcomer', () => {
    const week = listenersOf(n, k, 1, 7);
    const before = listenersOf(n, k, 8, 14);
    for (const hit of POOL.slice(0, 6)) {
      expect(week.get(hit)).toBe(n);
      expect(before.get(hit)).toBe(n);
    }
    expect(week.get(POOL[6])).toBe(n);
    expect(before.get(POOL[6])).toBe(2);
    expect(week.get(POOL[7])).toBe(n - 1);
    expect(before.get(POOL[7])).toBe(1);
    expect(week.get(POOL[8])).toBe(k + 1);
    expect(before.get(POOL[8])).toBeUndefined();
    expect(week.get(POOL[9])).toBeUndefined();
  });

  it('gives the 24-hour chart at least one track every listener played yesterday', () => {
    const yesterday = listenersOf(n, k, 1, 1);
    expect(yesterday.get(POOL[0])).toBe(n);
    expect(yesterday.get(POOL[6])).toBe(n);
    expect([...yesterday.values()].filter((c) => c >= k)).toHaveLength(2);
  });

  it('has nothing to give without enough catalog tracks', () => {
    expect(demoPastListening(0, n, k, POOL.slice(0, 8), NOW)).toEqual([]);
  });
});
