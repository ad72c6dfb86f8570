import { computeStreaks, everyDay } from './listening-patterns';

describe('everyDay', () => {
  it('lists every calendar day between two dates, both included, across months and leap days', () => {
    expect(everyDay('2028-02-27', '2028-03-02')).toEqual([
      '2028-02-27',
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
      '2028-03-02',
    ]);
    expect(everyDay('2026-12-31', '2027-01-01')).toEqual(['2026-12-31', '2027-01-01']);
    expect(everyDay('2026-03-10', '2026-03-10')).toEqual(['2026-03-10']);
    expect(everyDay('2026-03-11', '2026-03-10')).toEqual([]);
  });
});

describe('computeStreaks', () => {
  it('has no streaks without plays', () => {
    expect(computeStreaks([], '2026-03-10')).toEqual({
      current: { days: 0, from: null, to: null },
      longest: { days: 0, from: null, to: null },
    });
  });

  it('finds the longest run of consecutive days and the current one ending today', () => {
    const days = [
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-05',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ];
    expect(computeStreaks(days, '2026-03-10')).toEqual({
      current: { days: 3, from: '2026-03-08', to: '2026-03-10' },
      longest: { days: 3, from: '2026-03-08', to: '2026-03-10' },
    });
    expect(computeStreaks(days.slice(0, 5), '2026-03-10').longest).toEqual({
      days: 3,
      from: '2026-03-01',
      to: '2026-03-03',
    });
  });

  it('keeps the current streak alive through yesterday, and ends it after a day without plays', () => {
    const days = ['2026-03-07', '2026-03-08', '2026-03-09'];
    expect(computeStreaks(days, '2026-03-10').current).toEqual({
      days: 3,
      from: '2026-03-07',
      to: '2026-03-09',
    });
    expect(computeStreaks(days, '2026-03-11').current).toEqual({ days: 0, from: null, to: null });
    expect(computeStreaks(days, '2026-03-11').longest.days).toBe(3);
  });

  it('ignores order and repeats, and counts across month, year and leap-day boundaries', () => {
    const days = ['2024-03-01', '2024-02-28', '2024-02-29', '2024-02-29', '2023-12-31', '2024-01-01'];
    expect(computeStreaks(days, '2024-03-02')).toEqual({
      current: { days: 3, from: '2024-02-28', to: '2024-03-01' },
      longest: { days: 3, from: '2024-02-28', to: '2024-03-01' },
    });
  });

  it('names the most recent of equally long streaks', () => {
    expect(
      computeStreaks(['2026-01-01', '2026-01-02', '2026-02-01', '2026-02-02'], '2026-05-01').longest,
    ).toEqual({ days: 2, from: '2026-02-01', to: '2026-02-02' });
  });
});
