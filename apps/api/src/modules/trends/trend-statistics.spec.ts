import { isRising, RISING_Z, risingScore } from './trend-statistics';

const steady = { current: 1000, previous: 1000 };

describe('the rising test statistic', () => {
  it('is zero for an item whose share of listeners did not change', () => {
    expect(risingScore({ current: 40, previous: 40 }, steady).z).toBe(0);
    expect(risingScore({ current: 80, previous: 40 }, { current: 2000, previous: 1000 }).z).toBeCloseTo(
      0,
      10,
    );
  });

  it('matches the binomial z with continuity correction: 30 against 10 on a steady platform', () => {
    // n = 40, π0 = 0.5: (30 − 20 − 0.5) / √10
    expect(risingScore({ current: 30, previous: 10 }, steady).z).toBeCloseTo(9.5 / Math.sqrt(10), 10);
    expect(risingScore({ current: 30, previous: 10 }, steady).growth).toBeCloseTo(31 / 11, 10);
  });

  it('discounts growth of the whole platform', () => {
    // Twice the listeners everywhere: 20 → 40 is no more than the platform's own growth.
    const grown = { current: 2000, previous: 1000 };
    expect(risingScore({ current: 40, previous: 20 }, grown).z).toBeLessThan(RISING_Z);
    expect(isRising({ current: 40, previous: 20 }, grown, 10)).toBe(false);
    expect(isRising({ current: 40, previous: 20 }, steady, 10)).toBe(true);
  });

  it('needs both significance and growth: a small rise of a big item and a tiny item are not rising', () => {
    expect(isRising({ current: 1100, previous: 1000 }, { current: 10_000, previous: 10_000 }, 10)).toBe(
      false,
    );
    expect(isRising({ current: 12, previous: 10 }, steady, 10)).toBe(false);
  });

  it('never calls an item below the privacy threshold rising, however steep', () => {
    expect(isRising({ current: 9, previous: 0 }, steady, 10)).toBe(false);
    expect(isRising({ current: 10, previous: 0 }, steady, 10)).toBe(true);
  });

  it('stays finite for items new in this window and for an idle previous window', () => {
    expect(Number.isFinite(risingScore({ current: 25, previous: 0 }, steady).growth)).toBe(true);
    expect(risingScore({ current: 25, previous: 0 }, { current: 100, previous: 0 })).toEqual({
      z: 0,
      growth: 26,
    });
  });
});
