import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { campaign, CAMPAIGN_ID, link, openPage } from '../../../testing/campaigns';
import { button, describedErrors, settle, text, type } from '../../../testing/dom';
import { apiError, FakeAnswer } from '../../../testing/fake-api-client';
import type { Campaign } from './campaign-model';

const actions = (el: HTMLElement) =>
  Array.from(el.querySelectorAll('.head__actions button, .head__actions a')).map((b) => text(b));

async function openCampaign(
  c: Campaign,
  more: Record<string, FakeAnswer | ((init: never) => FakeAnswer)> = {},
) {
  return openPage(`/campaigns/${CAMPAIGN_ID}`, {
    'GET /api/v1/campaigns/{id}': { status: 200, body: c },
    'GET /api/v1/campaigns/{campaignId}/links': { status: 200, body: [link()] },
    ...more,
  });
}

describe('Campaign detail', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('shows the campaign with only the status actions it allows', async () => {
    const active = await openCampaign(campaign());
    await settle(active.harness.fixture);
    expect(text(active.page.querySelector('h1'))).toBe('Summer Singles launch');
    expect(text(active.page.querySelector('.head__status'))).toContain('Active');
    expect(actions(active.page)).toEqual(['Pause', 'End', 'Archive', 'Edit', 'Delete']);

    TestBed.resetTestingModule();
    document.body.innerHTML = '';
    const draft = await openCampaign(
      campaign({ status: 'draft', allowedTransitions: ['active', 'archived'] }),
    );
    await settle(draft.harness.fixture);
    expect(actions(draft.page)).toEqual(['Activate', 'Archive', 'Edit', 'Delete']);
  });

  it('pauses, then offers Resume', async () => {
    const { harness, page, fake } = await openCampaign(campaign(), {
      'PATCH /api/v1/campaigns/{id}': {
        status: 200,
        body: campaign({ status: 'paused', allowedTransitions: ['active', 'ended', 'archived'] }),
      },
    });
    await settle(harness.fixture);

    button(page, 'Pause').click();
    await settle(harness.fixture);

    expect(fake.calls.find((c) => c.method === 'PATCH')?.init.body).toEqual({ status: 'paused' });
    expect(text(page.querySelector('.head__status'))).toContain('Paused');
    expect(actions(page)).toEqual(['Resume', 'End', 'Archive', 'Edit', 'Delete']);
    expect(text(page.querySelector('[aria-live="polite"]'))).toBe('Campaign is now paused.');
  });

  it('shows a refused transition in words', async () => {
    const { harness, page } = await openCampaign(campaign(), {
      'PATCH /api/v1/campaigns/{id}': apiError(
        409,
        'InvalidStatusTransition',
        'A ended campaign cannot become paused; it can become archived.',
      ),
    });
    await settle(harness.fixture);
    button(page, 'Pause').click();
    await settle(harness.fixture);
    expect(text(page.querySelector('.action-error'))).toContain('cannot become paused');
  });

  it('deletes only after confirmation', async () => {
    const { harness, page, fake } = await openCampaign(campaign(), {
      'DELETE /api/v1/campaigns/{id}': { status: 204 },
      'GET /api/v1/campaigns': { status: 200, body: { items: [], total: 0, limit: 20, offset: 0 } },
    });
    await settle(harness.fixture);

    button(page, 'Delete').click();
    await settle(harness.fixture);
    expect(text(page.querySelector('.confirm'))).toContain("This can't be undone");
    expect(document.activeElement).toBe(page.querySelector('.confirm .cancel'));
    button(page, 'Cancel').click();
    await settle(harness.fixture);
    expect(fake.calls.filter((c) => c.method === 'DELETE')).toEqual([]);

    button(page, 'Delete').click();
    await settle(harness.fixture);
    button(page, 'Delete campaign').click();
    await settle(harness.fixture);
    expect(fake.calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
    expect(TestBed.inject(Router).url).toBe('/campaigns');
  });

  it('says when Spotify has not resolved the destination yet', async () => {
    const { harness, page } = await openCampaign(
      campaign({
        status: 'draft',
        allowedTransitions: ['active', 'archived'],
        resolution: { state: 'pending', error: 'Spotify could not be reached.', resolvedAt: null },
      }),
    );
    await settle(harness.fixture);
    expect(text(page.querySelector('.notice'))).toContain('Waiting for Spotify.');
    expect(button(page, 'Check again')).toBeTruthy();
  });
});

describe('Campaign links', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('copies a link with one click and says "Copied"', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { harness, page } = await openCampaign(campaign());
    await settle(harness.fixture);

    const card = page.querySelector('[data-link-id]')!;
    expect(text(card.querySelector('h3'))).toBe('Instagram bio');
    expect(card.querySelector<HTMLInputElement>('input[readonly]')?.value).toBe(
      'https://sl.example/l/summer-ig',
    );
    expect(card.querySelector('.qr img')?.getAttribute('src')).toBe(link().qrSvgUrl);
    expect(card.querySelector('.qr a[download$=".svg"]')?.getAttribute('href')).toBe(link().qrSvgUrl);
    expect(card.querySelector('.qr a[download$=".png"]')?.getAttribute('href')).toBe(
      `${link().qrPngUrl}?size=1024`,
    );

    button(card, /^Copy/).click();
    await settle(harness.fixture);

    expect(writeText).toHaveBeenCalledWith('https://sl.example/l/summer-ig');
    expect(text(card.querySelector('.copy-link'))).toMatch(/^Copied/);
    expect(text(page.querySelector('#links [aria-live="polite"]'))).toContain(
      'Copied https://sl.example/l/summer-ig',
    );
  });

  it('checks a custom slug as you type and shows the server’s slug errors next to the field', async () => {
    const { harness, page, fake } = await openCampaign(campaign(), {
      'POST /api/v1/campaigns/{campaignId}/links': apiError(
        409,
        'SlugTaken',
        'The slug "summer" is already in use.',
        [{ field: 'slug', reason: 'is already in use' }],
      ),
    });
    await settle(harness.fixture);

    type(page, '#link-slug', 'settings');
    await settle(harness.fixture);
    expect(describedErrors(page, '#link-slug')).toBe('The slug is a reserved word.');
    type(page, '#link-slug', 'a--b');
    await settle(harness.fixture);
    expect(describedErrors(page, '#link-slug')).toContain('single hyphens');

    type(page, '#link-label', 'Newsletter');
    type(page, '#link-slug', 'Summer');
    await settle(harness.fixture);
    button(page, 'Create link').click();
    await settle(harness.fixture);

    expect(fake.calls.find((c) => c.method === 'POST')?.init.body).toEqual({
      label: 'Newsletter',
      slug: 'summer',
      enabled: true,
    });
    expect(describedErrors(page, '#link-slug')).toBe('The slug is already in use.');
    expect(document.activeElement).toBe(page.querySelector('#link-slug'));
  });

  it('creates a link with UTM tags and lists it', async () => {
    const created = link({ id: 'l2', slug: 'news', label: 'Newsletter' });
    const { harness, page, fake } = await openCampaign(campaign(), {
      'POST /api/v1/campaigns/{campaignId}/links': { status: 201, body: created },
    });
    await settle(harness.fixture);

    type(page, '#link-label', 'Newsletter');
    type(page, '#link-utmSource', 'newsletter');
    button(page, 'Create link').click();
    await settle(harness.fixture);

    expect(fake.calls.find((c) => c.method === 'POST')?.init.body).toEqual({
      label: 'Newsletter',
      utmSource: 'newsletter',
      enabled: true,
    });
    expect(page.querySelectorAll('[data-link-id]')).toHaveLength(2);
    expect(document.activeElement).toBe(page.querySelector('[data-link-id="l2"] .copy-link'));
  });

  it('turns a link off and deletes it after confirmation', async () => {
    const { harness, page, fake } = await openCampaign(campaign(), {
      'PATCH /api/v1/campaigns/{campaignId}/links/{linkId}': { status: 200, body: link({ enabled: false }) },
      'DELETE /api/v1/campaigns/{campaignId}/links/{linkId}': { status: 204 },
    });
    await settle(harness.fixture);

    page.querySelector<HTMLInputElement>('[role="switch"]')!.click();
    await settle(harness.fixture);
    expect(fake.calls.find((c) => c.method === 'PATCH')?.init.body).toEqual({ enabled: false });
    expect(text(page.querySelector('[data-link-id] .link__title'))).toContain('Off');

    button(page, /^Delete Instagram bio/).click();
    await settle(harness.fixture);
    button(page, 'Delete link').click();
    await settle(harness.fixture);
    expect(page.querySelectorAll('[data-link-id]')).toHaveLength(0);
    expect(text(page.querySelector('#links .empty'))).toContain('No links yet');
  });
});
