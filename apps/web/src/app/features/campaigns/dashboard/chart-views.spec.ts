import { toCsv } from '@soundlink/ui-charts';
import { timeseries } from '../../../../testing/analytics';
import { timeseriesView } from './chart-views';

describe('Dashboard chart views', () => {
  it('builds the CSV of a chart from its numbers', () => {
    const view = timeseriesView(timeseries(2), 'day', 'Europe/Berlin', { reducedMotion: true });
    expect(view.chart.options?.animation).toBe(false);
    expect(toCsv(view.table).split('\r\n').slice(0, 3)).toEqual([
      'Period,Start,Clicks,Connects,Plays (high),Plays (medium),Plays (low),Attributed plays',
      '1 Nov,2026-10-31T23:00:00.000Z,10,2,3,2,1,6',
      '2 Nov,2026-11-01T23:00:00.000Z,11,2,3,2,1,6',
    ]);
  });
});
