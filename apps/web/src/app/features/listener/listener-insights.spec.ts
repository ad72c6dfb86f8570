import { apiError } from '../../../testing/fake-api-client';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { button, settle, text } from '../../../testing/dom';
import { insights } from '../../../testing/insights';
import { renderListenerPage } from '../../../testing/listener';
import { browserTimeZone } from '../../core/time-zones';

const figures = (el: HTMLElement) =>
  Object.fromEntries(
    Array.from(el.querySelectorAll('.insights__figures > div')).map((row) => [
      text(row.querySelector('dt')),
      Array.from(row.querySelectorAll('dd')).map(text).join(' | '),
    ]),
  );

/** A period switch: a link, so the period is in the URL (shared, reloaded, back and forward). */
const period = (el: HTMLElement, label: string) =>
  Array.from(el.querySelectorAll<HTMLAnchorElement>('.ranges a')).find((a) => text(a) === label)!;

describe('Listener insights on /me', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('asks for the last 4 weeks in the browser’s time zone', async () => {
    const { fake } = await renderListenerPage();

    const call = fake.calls.find((c) => c.path === '/api/v1/listeners/me/insights')!;
    const tz = browserTimeZone();
    expect(call.init.params?.query).toEqual({ range: '4w', ...(tz ? { tz } : {}) });
  });

  it('shows the known figures: totals, sessions, streaks and the share of new tracks', async () => {
    const { el } = await renderListenerPage();

    expect(text(el.querySelector('#insights-title'))).toBe('Your listening');
    expect(text(el.querySelector('.insights__note'))).toContain('Days and hours are in Europe/Berlin.');
    expect(figures(el)).toEqual({
      Plays: '412',
      'Listening time': '22 h 45 min',
      'Different tracks': '190',
      'Days with music': '21',
      'New to you': '25 % | of plays: 48 tracks first played in this period',
      Sessions: '37 | 42 min on average',
      'Longest session': '3 h 5 min | 51 plays, Nov 14, 2026',
      'Current streak': '5 days | since Nov 16, 2026',
      'Longest streak': '9 days | Oct 30, 2026 – Nov 7, 2026',
    });
  });

  it('lists the top tracks, artists and albums, and the plays credited to campaigns', async () => {
    const { el } = await renderListenerPage();

    const first = (list: string) => {
      const item = el.querySelector(`[aria-labelledby="${list}-title"] li`);
      return [
        text(item?.querySelector('strong')),
        text(item?.querySelector('.sl-muted')),
        text(item?.querySelector('.tops__figures')),
      ];
    };
    expect(first('top-tracks')).toEqual(['Night Drive', '· Hollow Pines', '12 plays · 42 min']);
    expect(first('top-artists')).toEqual(['Hollow Pines', '', '30 plays · 1 h 35 min']);
    expect(first('top-albums')).toEqual(['Midnight Drive', '· Hollow Pines', '20 plays · 1 h 10 min']);
    expect(first('credited')).toEqual([
      'Summer Singles',
      '',
      '3 clicks since Nov 19, 2026 · 7 plays credited to it',
    ]);
  });

  it('draws listening time per day as a chart whose numbers are in its table', async () => {
    const { el } = await renderListenerPage();

    const panel = el.querySelector('sl-chart-panel')!;
    expect(text(panel.querySelector('h3'))).toBe('Listening time per day');
    const rows = Array.from(panel.querySelectorAll('tbody tr')).map((tr) =>
      Array.from(tr.querySelectorAll('td')).map(text),
    );
    expect(rows).toEqual([
      ['Nov 19', '10', '35'],
      ['Nov 20', '4', '14'],
    ]);
  });

  it('shows the listening clock as a heatmap, in words and as a table', async () => {
    const { el } = await renderListenerPage();

    const clock = el.querySelector('sl-listening-clock')!;
    expect(text(clock.querySelector('.clock__summary'))).toBe('Most plays on Fridays from 18:00 (9 plays).');
    expect(clock.querySelector('.clock')?.getAttribute('aria-hidden')).toBe('true');
    expect(clock.querySelectorAll('.clock .clock__cell')).toHaveLength(168);
    expect(clock.querySelectorAll('.clock [data-level="4"]')).toHaveLength(1);
    const rows = clock.querySelectorAll('table tbody tr');
    expect(rows).toHaveLength(24);
    const six = Array.from(rows[18]!.querySelectorAll('th, td')).map(text);
    expect(six).toEqual(['18:00', '0', '0', '0', '0', '9', '0', '0']);
  });

  it('switches the period and says when it holds no plays', async () => {
    const { el, fixture, fake } = await renderListenerPage({
      'GET /api/v1/listeners/me/insights': (init) =>
        init.params?.query?.['range'] === 'all'
          ? {
              status: 200,
              body: insights({
                range: 'all',
                from: null,
                totals: { plays: 0, listeningMs: 0, distinctTracks: 0, activeDays: 0 },
              }),
            }
          : { status: 200, body: insights() },
    });

    period(el, 'All time').click();
    await settle(fixture);

    expect(
      fake.calls.filter((c) => c.path.endsWith('/insights')).map((c) => c.init.params?.query?.['range']),
    ).toEqual(['4w', 'all']);
    expect(TestBed.inject(Router).url).toBe('/?period=all');
    expect(period(el, 'All time').getAttribute('aria-current')).toBe('true');
    expect(period(el, '4 weeks').getAttribute('aria-current')).toBeNull();
    expect(text(el.querySelector('.insights__empty'))).toContain('No plays recorded in this period yet.');
    expect(el.querySelector('.insights__figures')).toBeNull();
  });

  it('opens the period the URL names, and the last 4 weeks for one it does not know', async () => {
    const asked = async (url: string) => {
      document.body.innerHTML = '';
      TestBed.resetTestingModule();
      const { fake } = await renderListenerPage({}, url);
      return fake.calls
        .filter((c) => c.path.endsWith('/insights'))
        .map((c) => c.init.params?.query?.['range']);
    };
    expect(await asked('/?period=6m')).toEqual(['6m']);
    expect(await asked('/?period=forever')).toEqual(['4w']);
  });

  it('says why the insights could not be loaded and tries again', async () => {
    let fail = true;
    const { el, fixture } = await renderListenerPage({
      'GET /api/v1/listeners/me/insights': () =>
        fail ? apiError(500, 'InternalError', 'boom') : { status: 200, body: insights() },
    });

    const alert = el.querySelector('.insights [role="alert"]');
    expect(text(alert)).toContain('Your listening couldn’t be loaded. Something went wrong on our side.');
    fail = false;
    button(el.querySelector('.insights')!, 'Try again').click();
    await settle(fixture);
    expect(figures(el)['Plays']).toBe('412');
  });
});
