import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { campaign, openPage } from '../../../testing/campaigns';
import { button, settle, text } from '../../../testing/dom';
import { campaignsSummary } from '../../../testing/analytics';
import type { FakeRequestInit } from '../../../testing/fake-api-client';

const page = (items = [campaign()], total = items.length) => ({
  status: 200,
  body: { items, total, limit: 20, offset: 0 },
});
const queries = (calls: { path: string; init: FakeRequestInit }[]) =>
  calls.filter((c) => c.path === '/api/v1/campaigns').map((c) => c.init.params?.query);

describe('Campaigns list', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('shows each campaign with status, artwork, destination and type', async () => {
    const { harness, page: el } = await openPage('/campaigns', {
      'GET /api/v1/campaigns': page([
        campaign(),
        campaign({ id: 'c2', name: 'Autumn push', status: 'paused', allowedTransitions: ['active'] }),
      ]),
    });
    await settle(harness.fixture);

    const cards = Array.from(el.querySelectorAll('.campaign'));
    expect(cards).toHaveLength(2);
    expect(text(cards[0])).toContain('Summer Singles launch');
    expect(text(cards[0])).toContain('Active');
    expect(text(cards[0])).toContain('Album Midnight Drive');
    expect(text(cards[0])).toContain('The Nightjars');
    expect(cards[0].querySelector('img')?.getAttribute('src')).toBe('https://i.scdn.co/image/midnight');
    expect(cards[0].querySelector('a')?.getAttribute('href')).toBe(`/campaigns/${campaign().id}`);
    expect(text(cards[1])).toContain('Paused');
  });

  it('reads search and status from the URL and writes changes back to it', async () => {
    const {
      harness,
      page: el,
      fake,
    } = await openPage('/campaigns?q=summer&status=paused', {
      'GET /api/v1/campaigns': page(),
    });
    await settle(harness.fixture);

    expect(queries(fake.calls)).toEqual([{ q: 'summer', status: 'paused', limit: 20, offset: 0 }]);
    expect(el.querySelector<HTMLInputElement>('#campaign-search')?.value).toBe('summer');
    expect(el.querySelector<HTMLSelectElement>('#campaign-status')?.value).toBe('paused');

    const select = el.querySelector<HTMLSelectElement>('#campaign-status')!;
    select.value = 'active';
    select.dispatchEvent(new Event('change'));
    await settle(harness.fixture);
    expect(TestBed.inject(Router).url).toBe('/campaigns?q=summer&status=active');
    expect(queries(fake.calls).at(-1)).toEqual({ q: 'summer', status: 'active', limit: 20, offset: 0 });

    const search = el.querySelector<HTMLInputElement>('#campaign-search')!;
    search.value = 'autumn';
    search.dispatchEvent(new Event('input'));
    await new Promise((resolve) => setTimeout(resolve, 350));
    await settle(harness.fixture);
    expect(TestBed.inject(Router).url).toBe('/campaigns?q=autumn&status=active');
    expect(queries(fake.calls).at(-1)).toEqual({ q: 'autumn', status: 'active', limit: 20, offset: 0 });
  });

  it('pages through the list with the page in the URL', async () => {
    const {
      harness,
      page: el,
      fake,
    } = await openPage('/campaigns', {
      'GET /api/v1/campaigns': page([campaign()], 45),
    });
    await settle(harness.fixture);
    expect(text(el.querySelector('.pager'))).toContain('Page 1 of 3');

    button(el, /^Next/).click();
    await settle(harness.fixture);
    expect(TestBed.inject(Router).url).toBe('/campaigns?page=2');
    expect(queries(fake.calls).at(-1)).toEqual({ limit: 20, offset: 20 });
    expect(text(el.querySelector('.pager'))).toContain('Page 2 of 3');
  });

  it('shows how to start when there are no campaigns, and a clear way out of an empty search', async () => {
    const empty = await openPage('/campaigns', { 'GET /api/v1/campaigns': page([], 0) });
    await settle(empty.harness.fixture);
    expect(text(empty.page.querySelector('.empty-state h2'))).toBe('No campaigns yet');
    expect(empty.page.querySelector('.empty-state a[href="/campaigns/new"]')).toBeTruthy();
    expect(empty.page.querySelector('.empty-state a[href="/settings#spotify"]')).toBeTruthy();
    expect(empty.page.querySelector('#campaign-search')).toBeNull();

    TestBed.resetTestingModule();
    document.body.innerHTML = '';
    const none = await openPage('/campaigns?q=zzz', { 'GET /api/v1/campaigns': page([], 0) });
    await settle(none.harness.fixture);
    expect(text(none.page.querySelector('.no-match'))).toContain('No campaigns match “zzz”');
    button(none.page, 'Clear search and filter').click();
    await settle(none.harness.fixture);
    expect(TestBed.inject(Router).url).toBe('/campaigns');
  });

  it('says when the list could not be loaded and offers a retry', async () => {
    const { harness, page: el } = await openPage('/campaigns', {
      'GET /api/v1/campaigns': { networkError: new TypeError('offline') },
    });
    await settle(harness.fixture);
    expect(text(el.querySelector('[role="alert"]'))).toContain("couldn't be loaded");
    expect(button(el, 'Try again')).toBeTruthy();
  });

  it('is the dashboard too', async () => {
    const { harness, page: el } = await openPage('/dashboard', { 'GET /api/v1/campaigns': page() });
    await settle(harness.fixture);
    expect(text(el.querySelector('h1'))).toBe('Welcome, Maya');
    expect(el.querySelectorAll('.campaign')).toHaveLength(1);
  });

  it("shows each campaign's clicks, listeners and plays of the last 7 days, with a trend line", async () => {
    const {
      harness,
      page: el,
      fake,
    } = await openPage('/campaigns', {
      'GET /api/v1/campaigns': page([campaign(), campaign({ id: 'c2', name: 'Autumn push' })]),
      'GET /api/v1/analytics/campaigns-summary': { status: 200, body: campaignsSummary([campaign().id]) },
    });
    await settle(harness.fixture);

    const asked = fake.calls.find((c) => c.path === '/api/v1/analytics/campaigns-summary');
    expect(asked?.init.params?.query).toEqual({ days: 7, ids: `${campaign().id},c2` });
    const [first, second] = Array.from(el.querySelectorAll('.campaign'));
    expect(text(first?.querySelector('.figures__list'))).toBe('Clicks6Listeners3Plays11');
    expect(first?.querySelector('sl-sparkline path')?.getAttribute('d')).toMatch(/^M/);
    expect(text(second?.querySelector('.figures'))).toBe('Figures unavailable');
  });
});
