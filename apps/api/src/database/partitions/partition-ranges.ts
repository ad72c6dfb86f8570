/**
 * Which partitions clicks and plays get (issue 20), as pure functions of the time: ranges are whole UTC
 * months, named <table>_y<YYYY>m<MM>; rows older than 1 January of the previous year (an imported streaming
 * history reaches back years) get whole-year partitions, <table>_y<YYYY>, so that ten years of history make ten
 * partitions rather than 120. Any row outside every range lands in <table>_default and is never refused.
 */

/** The partitioned tables and their partition column. */
export const PARTITIONED_TABLES = { clicks: 'clicked_at', plays: 'played_at' } as const;
export type PartitionedTable = keyof typeof PARTITIONED_TABLES;

/** Months created ahead of the current one. */
export const MONTHS_AHEAD = 3;
/** A row in the DEFAULT partition further in the future than this stays there (a clock gone wrong). */
export const MAX_MONTHS_AHEAD_FROM_DEFAULT = 12;

export interface PartitionRange {
  name: string;
  from: Date;
  to: Date;
}

export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

export function addMonths(month: Date, months: number): Date {
  return new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + months, 1));
}

const pad = (n: number) => String(n).padStart(2, '0');

export function monthRange(table: PartitionedTable, month: Date): PartitionRange {
  const from = monthStart(month);
  return {
    name: `${table}_y${from.getUTCFullYear()}m${pad(from.getUTCMonth() + 1)}`,
    from,
    to: addMonths(from, 1),
  };
}

export function yearRange(table: PartitionedTable, year: number): PartitionRange {
  return {
    name: `${table}_y${year}`,
    from: new Date(Date.UTC(year, 0, 1)),
    to: new Date(Date.UTC(year + 1, 0, 1)),
  };
}

/** The current month and the MONTHS_AHEAD after it. */
export function rangesAhead(table: PartitionedTable, now: Date): PartitionRange[] {
  return Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => monthRange(table, addMonths(monthStart(now), i)));
}

const overlaps = (a: { from: Date; to: Date }, b: { from: Date; to: Date }) => a.from < b.to && b.from < a.to;

/**
 * The partition for rows of `month` found in the DEFAULT partition, given the existing ranges: a year for a
 * month before 1 January of the previous year (unless a partition already covers part of that year: then the
 * month), the month otherwise; null for a month too far in the future or already covered.
 */
export function rangeForStrayMonth(
  table: PartitionedTable,
  month: Date,
  now: Date,
  existing: ReadonlyArray<{ from: Date; to: Date }>,
): PartitionRange | null {
  if (month >= addMonths(monthStart(now), MAX_MONTHS_AHEAD_FROM_DEFAULT + 1)) return null;
  const monthly = monthRange(table, month);
  if (existing.some((range) => overlaps(range, monthly))) return null;
  if (month.getUTCFullYear() < now.getUTCFullYear() - 1) {
    const yearly = yearRange(table, month.getUTCFullYear());
    if (!existing.some((range) => overlaps(range, yearly))) return yearly;
  }
  return monthly;
}
