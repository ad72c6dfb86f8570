import {
  bootstrapInterval,
  differenceInDifferences,
  lowerMedian,
  quantile,
  seededRandom,
} from './analytics-lift.service';
import type { LiftListenerRow } from './analytics-lift.repository';

const row = (
  group: 'exposed' | 'control',
  listenerId: string,
  beforePlays: number,
  beforeDays: number,
  afterPlays: number,
  afterDays: number,
): LiftListenerRow => ({ group, listenerId, beforePlays, beforeDays, afterPlays, afterDays, pool: 0 });

// The worked example of docs/analytics.md ("Lift"): two exposed and two control listeners.
const A = row('exposed', 'A', 2, 28, 3, 7);
const B = row('exposed', 'B', 0, 14, 4, 5);
const C = row('control', 'C', 14, 28, 3, 7);
const D = row('control', 'D', 0, 28, 1, 7);
const sum = (...rows: LiftListenerRow[]) => ({
  beforePlays: rows.reduce((s, r) => s + r.beforePlays, 0),
  beforeDays: rows.reduce((s, r) => s + r.beforeDays, 0),
  afterPlays: rows.reduce((s, r) => s + r.afterPlays, 0),
  afterDays: rows.reduce((s, r) => s + r.afterDays, 0),
});

describe('lift by difference in differences', () => {
  it('gives the worked example of docs/analytics.md: (7/12 − 2/42) − (4/14 − 14/56) = 0.5', () => {
    expect(differenceInDifferences(sum(A, B), sum(C, D))).toBeCloseTo(0.5, 12);
  });

  it('gives the documented resample: exposed {A, A}, control {C, D} → 0.321429', () => {
    expect(differenceInDifferences(sum(A, A), sum(C, D))).toBeCloseTo(0.321429, 6);
  });

  it('has no estimate when a period of a group has no observed day', () => {
    expect(differenceInDifferences(sum(row('exposed', 'X', 0, 0, 1, 7)), sum(C))).toBeNull();
  });

  it('gives the documented interval of the worked example: the extreme resamples, {A, A}−{D, D} and {B, B}−{C, C}', () => {
    const interval = bootstrapInterval([A, B], [C, D]);
    expect(interval?.low).toBeCloseTo(0.357143 - 0.142857, 6);
    expect(interval?.high).toBeCloseTo(0.8 + 0.071429, 6);
  });

  it('draws the same bootstrap interval for the same seed, another for another seed', () => {
    const exposed = Array.from({ length: 40 }, (_, i) => row('exposed', `e${i}`, i % 3, 28, i % 5, 7));
    const control = Array.from({ length: 40 }, (_, i) => row('control', `c${i}`, i % 4, 28, i % 4, 7));
    const first = bootstrapInterval(exposed, control);
    expect(first).toEqual(bootstrapInterval(exposed, control));
    expect(first).not.toEqual(bootstrapInterval(exposed, control, 1_000, 17));
    const estimate = differenceInDifferences(sum(...exposed), sum(...control)) as number;
    expect(first?.low).toBeLessThan(estimate);
    expect(first?.high).toBeGreaterThan(estimate);
  });

  it('takes the lower median click as the control anchor and interpolates quantiles (type 7)', () => {
    const d = (s: string) => new Date(s);
    expect(lowerMedian([d('2026-01-01'), d('2026-01-03')])).toEqual(d('2026-01-01'));
    expect(lowerMedian([d('2026-01-01'), d('2026-01-02'), d('2026-01-05')])).toEqual(d('2026-01-02'));
    expect(lowerMedian([])).toBeNull();
    expect(quantile([0, 10], 0.025)).toBeCloseTo(0.25, 12);
    const random = seededRandom(16);
    const draws = Array.from({ length: 1000 }, random);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
  });
});
