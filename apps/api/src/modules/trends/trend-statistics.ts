/**
 * The rising test (docs/trends.md, "Rising"). Pure functions, no I/O.
 *
 * The unit is the distinct listener, never the play: one listener counts once per window however often
 * they played, so a binge cannot make an item rise. For an item with c listeners in this window and p in
 * the previous one, with T and T' active listeners on the whole platform in the two windows, "no change"
 * means the item keeps its share of listeners: given n = c + p, c ~ Binomial(n, π0) with π0 = T / (T + T').
 * The score is the one-sided z statistic of that test with a continuity correction; growth is the ratio
 * of the item's shares of listeners, add-one smoothed so that p = 0 stays finite.
 */

/** One-sided 1 % level: z ≥ 2.326 happens by chance once in a hundred steady items. */
export const RISING_Z = 2.326;
/** And the item's share of listeners must have grown by half at least. */
export const RISING_MIN_GROWTH = 1.5;

export interface WindowPair {
  /** Distinct listeners in this window. */
  current: number;
  /** Distinct listeners in the previous window (same length, just before). */
  previous: number;
}

export interface RisingScore {
  /** The z statistic; 0 when nothing can be said (no listeners, or an idle platform in one window). */
  z: number;
  /** (c + 1) / (p · T / T' + 1): how many times its share of listeners grew. */
  growth: number;
}

export function risingScore(item: WindowPair, platform: WindowPair): RisingScore {
  const { current: c, previous: p } = item;
  const { current: t, previous: tp } = platform;
  const scale = tp > 0 ? t / tp : 1;
  const growth = (c + 1) / (p * scale + 1);
  const n = c + p;
  if (n === 0 || t <= 0 || tp <= 0) return { z: 0, growth };
  const pi0 = t / (t + tp);
  const variance = n * pi0 * (1 - pi0);
  const excess = c - n * pi0;
  // Continuity correction toward zero (the binomial is discrete).
  const corrected = Math.sign(excess) * Math.max(Math.abs(excess) - 0.5, 0);
  return { z: corrected / Math.sqrt(variance), growth };
}

/** Rising: at least k listeners now, significant at 1 % one-sided, and a share grown by half or more. */
export function isRising(item: WindowPair, platform: WindowPair, minListeners: number): boolean {
  if (item.current < minListeners) return false;
  const { z, growth } = risingScore(item, platform);
  return z >= RISING_Z && growth >= RISING_MIN_GROWTH;
}
