import { monthRange, rangeForStrayMonth, rangesAhead, yearRange } from './partition-ranges';

const utc = (iso: string) => new Date(iso);

describe('partition ranges', () => {
  it('creates the current month and the next three, across the turn of the year, in UTC', () => {
    // 23:30 on 31 December in UTC−2 is already January in UTC: the months are UTC months.
    const ranges = rangesAhead('clicks', utc('2027-01-01T01:30:00Z'));
    expect(ranges.map((r) => r.name)).toEqual([
      'clicks_y2027m01',
      'clicks_y2027m02',
      'clicks_y2027m03',
      'clicks_y2027m04',
    ]);
    expect(
      rangesAhead('plays', utc('2026-11-15T00:00:00Z')).map((r) => [
        r.from.toISOString(),
        r.to.toISOString(),
      ]),
    ).toEqual([
      ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
      ['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
      ['2027-01-01T00:00:00.000Z', '2027-02-01T00:00:00.000Z'],
      ['2027-02-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z'],
    ]);
  });

  it('files a stray row under its year when older than the previous year, else under its month', () => {
    const now = utc('2026-12-05T12:00:00Z');
    expect(rangeForStrayMonth('plays', utc('2015-03-01T00:00:00Z'), now, [])).toEqual(
      yearRange('plays', 2015),
    );
    expect(rangeForStrayMonth('plays', utc('2025-03-01T00:00:00Z'), now, [])).toEqual(
      monthRange('plays', utc('2025-03-01T00:00:00Z')),
    );
    expect(rangeForStrayMonth('clicks', utc('2027-09-01T00:00:00Z'), now, [])?.name).toBe('clicks_y2027m09');
  });

  it('falls back to the month when part of the year has partitions, and leaves covered or far-future months', () => {
    const now = utc('2026-12-05T12:00:00Z');
    const existing = [monthRange('plays', utc('2015-06-01T00:00:00Z'))];
    expect(rangeForStrayMonth('plays', utc('2015-03-01T00:00:00Z'), now, existing)?.name).toBe(
      'plays_y2015m03',
    );
    expect(rangeForStrayMonth('plays', utc('2015-06-01T00:00:00Z'), now, existing)).toBeNull();
    expect(rangeForStrayMonth('clicks', utc('2099-01-01T00:00:00Z'), now, [])).toBeNull();
  });
});
