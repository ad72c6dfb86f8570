import { computeStreaks, Session, summarizeSessions } from './listening-patterns';

const at = (iso: string) => new Date(iso);
const session = (start: string, end: string, plays: number, listeningMs = 0): Session => ({
  startedAt: at(start),
  endedAt: at(end),
  plays,
  listeningMs,
});

describe('summarizeSessions', () => {
  it('has no longest session and a zero average without sessions', () => {
    expect(summarizeSessions([])).toEqual({ count: 0, averageDurationMs: 0, longest: null });
  });

  it('counts the sessions, averages their length and picks the longest by duration', () => {
    const summary = summarizeSessions([
      session('2026-01-01T10:00:00Z', '2026-01-01T10:30:00Z', 8),
      session('2026-01-02T10:00:00Z', '2026-01-02T11:00:00Z', 3, 3_600_000),
      session('2026-01-03T10:00:00Z', '2026-01-03T10:03:00Z', 1),
    ]);
    expect(summary.count).toBe(3);
    expect(summary.averageDurationMs).toBe(Math.round(((30 + 60 + 3) * 60_000) / 3));
    expect(summary.longest).toEqual({
      ...session('2026-01-02T10:00:00Z', '2026-01-02T11:00:00Z', 3, 3_600_000),
      durationMs: 3_600_000,
    });
  });

  it('breaks a tie on duration by plays, then by the earlier session', () => {
    const a = session('2026-01-01T10:00:00Z', '2026-01-01T10:30:00Z', 5);
    const b = session('2026-01-02T10:00:00Z', '2026-01-02T10:30:00Z', 7);
    const c = session('2026-01-03T10:00:00Z', '2026-01-03T10:30:00Z', 7);
    expect(summarizeSessions([c, a, b]).longest?.startedAt).toEqual(b.startedAt);
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
