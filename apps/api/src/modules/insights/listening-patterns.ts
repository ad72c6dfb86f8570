/**
 * The pure rules behind a listener's streaks and calendar (docs/insights.md). SQL does the set work
 * (InsightsService cuts the plays into sessions and days); these functions work on its rows.
 */

/** A pause of more than this between the end of one play and the start of the next starts a new session. */
export const SESSION_GAP_MINUTES = 10;

export interface Streak {
  days: number;
  from: string | null;
  to: string | null;
}

/** 'YYYY-MM-DD' → days since the epoch (calendar arithmetic, no time zone involved). */
function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

const dayString = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** Every calendar day from `first` to `last` ('YYYY-MM-DD', both included); none when `first` is later. */
export function everyDay(first: string, last: string): string[] {
  const days: string[] = [];
  for (let n = dayNumber(first), end = dayNumber(last); n <= end; n++) days.push(dayString(n));
  return days;
}

const NO_STREAK: Streak = { days: 0, from: null, to: null };

/**
 * Streaks of consecutive calendar days with plays. `days`: the days with plays as 'YYYY-MM-DD' (any order,
 * repeats allowed), in the listener's time zone; `today`: today's date in that zone. The current streak is
 * the run ending today or yesterday (a day without plays yet does not break it before it is over).
 * On equal length the longest streak is the most recent one.
 */
export function computeStreaks(days: readonly string[], today: string): { current: Streak; longest: Streak } {
  const sorted = [...new Set(days)].sort();
  let longest = NO_STREAK;
  let runFrom: string | null = null;
  let runTo: string | null = null;
  let run = 0;
  let previous: number | null = null;
  const runs: Streak[] = [];
  for (const date of sorted) {
    const n = dayNumber(date);
    if (previous !== null && n === previous + 1) {
      run++;
      runTo = date;
    } else {
      if (run > 0) runs.push({ days: run, from: runFrom, to: runTo });
      run = 1;
      runFrom = date;
      runTo = date;
    }
    previous = n;
  }
  if (run > 0) runs.push({ days: run, from: runFrom, to: runTo });
  for (const r of runs) if (r.days >= longest.days) longest = r;
  const last = runs[runs.length - 1];
  const todayN = dayNumber(today);
  const current =
    last && last.to !== null && (dayNumber(last.to) === todayN || dayNumber(last.to) === todayN - 1)
      ? last
      : NO_STREAK;
  return { current, longest };
}
