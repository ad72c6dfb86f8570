import { convertToParamMap } from '@angular/router';
import { dashboardQueryParams, parseDashboardQuery, resolveRange } from './dashboard-query';

describe('Dashboard query', () => {
  it('round-trips the URL state, leaving defaults out', () => {
    const query = parseDashboardQuery(
      convertToParamMap({
        range: 'custom',
        from: '2026-10-01',
        to: '2026-10-14',
        tz: 'Asia/Kolkata',
        utm: 'tiktok',
      }),
    );
    expect(query).toEqual({
      range: 'custom',
      from: '2026-10-01',
      to: '2026-10-14',
      granularity: 'day',
      tz: 'Asia/Kolkata',
      linkId: '',
      utmSource: 'tiktok',
      tier: '',
    });
    expect(
      parseDashboardQuery(convertToParamMap(dashboardQueryParams(query) as Record<string, string>)),
    ).toEqual(query);
    expect(dashboardQueryParams(parseDashboardQuery(convertToParamMap({})))).toEqual({
      range: null,
      from: null,
      to: null,
      granularity: null,
      tz: null,
      link: null,
      utm: null,
      tier: null,
    });
    // Nonsense falls back to the defaults instead of failing.
    expect(
      parseDashboardQuery(
        convertToParamMap({ range: 'custom', from: 'x', tier: 'huge', tz: 'Mars/Base', link: '1' }),
      ),
    ).toMatchObject({
      range: '28d',
      tier: '',
      tz: '',
      linkId: '',
    });
    // Whole local days: a custom range in Kolkata starts at local midnight.
    const params = resolveRange(query, 'Europe/Berlin', new Date('2026-10-20T12:00:00Z'));
    expect(params).toMatchObject({
      from: '2026-09-30T18:30:00.000Z',
      to: '2026-10-14T18:30:00.000Z',
      tz: 'Asia/Kolkata',
    });
  });
});
