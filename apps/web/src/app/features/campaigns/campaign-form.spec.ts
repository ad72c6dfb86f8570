import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { campaign, CAMPAIGN_ID, openPage, preview } from '../../../testing/campaigns';
import { button, describedErrors, settle, text, type } from '../../../testing/dom';
import { apiError } from '../../../testing/fake-api-client';

const ALBUM = 'https://open.spotify.com/album/4aawyAB9vmqN3uQ7FjRGTy?si=abc';
const PLAYLIST = 'https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M';

describe('Campaign form', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('shows what a pasted link points at — artwork, name, owner, tracks — before saving', async () => {
    const { harness, page, fake } = await openPage('/campaigns/new', {
      'GET /api/v1/spotify/resolve': { status: 200, body: preview() },
    });

    type(page, '#campaign-destination', ALBUM);
    await settle(harness.fixture);

    expect(fake.calls.at(-1)).toEqual({
      method: 'GET',
      path: '/api/v1/spotify/resolve',
      init: { params: { query: { url: ALBUM } } },
    });
    const card = page.querySelector('.preview__card');
    expect(text(card)).toContain('Midnight Drive');
    expect(text(card)).toContain('by The Nightjars');
    expect(text(card)).toContain('12 tracks');
    expect(card?.querySelector('img')?.getAttribute('src')).toBe('https://i.scdn.co/image/midnight');
    expect(fake.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('explains an unusable link next to the field as soon as it is checked', async () => {
    const { harness, page } = await openPage('/campaigns/new', {
      'GET /api/v1/spotify/resolve': apiError(
        422,
        'SpotifyLinkUnsupportedType',
        'Spotify podcasts cannot be a destination. Paste a link to a track, album, artist or playlist.',
        [{ field: 'url', reason: 'Spotify podcasts cannot be a destination.' }],
      ),
    });

    type(page, '#campaign-destination', 'https://open.spotify.com/show/38bS44xjbVVZ3No3ByF1dJ');
    await settle(harness.fixture);

    expect(describedErrors(page, '#campaign-destination')).toBe(
      'Spotify podcasts cannot be a destination. Paste a link to a track, album, artist or playlist.',
    );
    expect(page.querySelector('#campaign-destination')?.getAttribute('aria-invalid')).toBe('true');
    expect(page.querySelector('.preview__card')).toBeNull();
  });

  it('creates the campaign and maps a 422 on the destination to the field, with a way to connect Spotify', async () => {
    const { harness, page, fake } = await openPage('/campaigns/new', {
      'GET /api/v1/spotify/resolve': {
        status: 200,
        body: preview({ type: 'playlist', ownerName: 'Nightjar' }),
      },
      'GET /api/v1/owners/me/spotify': {
        status: 200,
        body: {
          connected: false,
          spotifyUserId: null,
          displayName: null,
          connectedAt: null,
          mode: 'sandbox',
        },
      },
      'POST /api/v1/campaigns': apiError(
        422,
        'SpotifyAccountRequired',
        'Connect your Spotify account in Settings first: Spotify only lets a playlist’s owner or a collaborator read its tracks.',
        [{ field: 'destination', reason: 'needs your connected Spotify account to read the playlist' }],
      ),
    });

    type(page, '#campaign-destination', PLAYLIST);
    type(page, '#campaign-name', '  Summer playlist push ');
    await settle(harness.fixture);
    // A playlist and no Spotify account yet: say why before the owner even saves.
    expect(text(page.querySelector('.notice'))).toContain('This playlist needs your Spotify account.');

    button(page, '7 days').click();
    button(page, 'Create campaign').click();
    await settle(harness.fixture);

    expect(fake.calls.find((c) => c.method === 'POST')?.init.body).toEqual({
      name: 'Summer playlist push',
      destination: PLAYLIST,
      attributionWindowHours: 168,
      timezone: 'Europe/Berlin',
      status: 'active',
    });
    expect(describedErrors(page, '#campaign-destination')).toContain(
      'Connect your Spotify account in Settings first',
    );
    expect(page.querySelector('#campaign-destination-error a')?.getAttribute('href')).toBe(
      '/settings#spotify',
    );
    expect(document.activeElement).toBe(page.querySelector('#campaign-destination'));
    expect(TestBed.inject(Router).url).toBe('/campaigns/new');
  });

  it('validates as you type with the server’s rules, and maps 400 details to their fields', async () => {
    const { harness, page, fake } = await openPage('/campaigns/new', {
      'GET /api/v1/spotify/resolve': { status: 200, body: preview() },
      'POST /api/v1/campaigns': apiError(400, 'InvalidDateRange', 'endsAt must be after startsAt.', [
        { field: 'name', reason: 'must not be empty' },
      ]),
    });

    type(page, '#campaign-attributionWindowHours', '5000');
    await settle(harness.fixture);
    expect(describedErrors(page, '#campaign-attributionWindowHours')).toContain('2160 hours');

    button(page, 'Create campaign').click();
    await settle(harness.fixture);
    expect(describedErrors(page, '#campaign-name')).toContain('Give the campaign a name');
    expect(describedErrors(page, '#campaign-destination')).toContain('Paste a Spotify link');
    expect(document.activeElement).toBe(page.querySelector('#campaign-name'));
    expect(fake.calls.filter((c) => c.method === 'POST')).toEqual([]);

    type(page, '#campaign-name', 'Launch');
    type(page, '#campaign-destination', ALBUM);
    button(page, '30 days').click();
    await settle(harness.fixture);
    button(page, 'Create campaign').click();
    await settle(harness.fixture);
    expect(describedErrors(page, '#campaign-name')).toBe('Name must not be empty.');
  });

  it('goes to the new campaign after saving', async () => {
    const { harness, page } = await openPage('/campaigns/new', {
      'GET /api/v1/spotify/resolve': { status: 200, body: preview() },
      'POST /api/v1/campaigns': { status: 201, body: campaign() },
      'GET /api/v1/campaigns/{id}': { status: 200, body: campaign() },
      'GET /api/v1/campaigns/{campaignId}/links': { status: 200, body: [] },
    });
    type(page, '#campaign-name', 'Summer Singles launch');
    type(page, '#campaign-destination', ALBUM);
    button(page, 'Create campaign').click();
    await settle(harness.fixture);
    expect(TestBed.inject(Router).url).toBe(`/campaigns/${CAMPAIGN_ID}`);
  });

  it('edits: offers only the allowed status changes and sends only what changed', async () => {
    const { harness, page, fake } = await openPage(`/campaigns/${CAMPAIGN_ID}/edit`, {
      'GET /api/v1/campaigns/{id}': { status: 200, body: campaign() },
      'PATCH /api/v1/campaigns/{id}': { status: 200, body: campaign({ status: 'paused' }) },
      'GET /api/v1/campaigns/{campaignId}/links': { status: 200, body: [] },
    });
    await settle(harness.fixture);

    expect(page.querySelector<HTMLInputElement>('#campaign-name')?.value).toBe('Summer Singles launch');
    expect(text(page.querySelector('.preview__card'))).toContain('Midnight Drive');
    const choices = Array.from(page.querySelectorAll('.status-fieldset label'));
    expect(choices.map((label) => text(label.querySelector('strong')))).toEqual([
      'Active',
      'Paused',
      'Ended',
      'Archived',
    ]);
    expect(fake.calls.some((c) => c.path === '/api/v1/spotify/resolve')).toBe(false);

    choices[1].querySelector('input')!.click();
    button(page, 'Save changes').click();
    await settle(harness.fixture);

    expect(fake.calls.find((c) => c.method === 'PATCH')?.init).toEqual({
      params: { path: { id: CAMPAIGN_ID } },
      body: { status: 'paused' },
    });
    expect(TestBed.inject(Router).url).toBe(`/campaigns/${CAMPAIGN_ID}`);
  });

  it("keeps raw clicks as long as the owner chooses, within the server's limits, and maps the cap error to the field", async () => {
    const { harness, page, fake } = await openPage('/campaigns/new', {
      'GET /api/v1/spotify/resolve': { status: 200, body: preview() },
      'POST /api/v1/campaigns': apiError(400, 'ValidationFailed', 'The request is not valid: see details.', [
        {
          field: 'clickRetentionDays',
          reason:
            'must be between 120 and 395 days (this server keeps raw clicks at most CLICK_RETENTION_DAYS = 395 days)',
        },
      ]),
    });
    expect(text(page.querySelector('label[for=campaign-clickRetentionDays]'))).toContain(
      'Keep raw clicks (days)',
    );
    expect(text(page.querySelector('#campaign-retention-hint'))).toBe(
      "Days this campaign's raw clicks are kept; empty: your account default, 395 days. The figures keep counting removed clicks. Between 120 and 395 days.",
    );

    type(page, '#campaign-clickRetentionDays', '90');
    await settle(harness.fixture);
    expect(describedErrors(page, '#campaign-clickRetentionDays')).toContain('at least 120');

    type(page, '#campaign-name', 'Summer Singles launch');
    type(page, '#campaign-destination', ALBUM);
    type(page, '#campaign-clickRetentionDays', '400');
    button(page, 'Create campaign').click();
    await settle(harness.fixture);
    expect(
      (fake.calls.find((c) => c.method === 'POST')?.init.body as { clickRetentionDays?: number })
        .clickRetentionDays,
    ).toBe(400);
    expect(describedErrors(page, '#campaign-clickRetentionDays')).toContain('CLICK_RETENTION_DAYS = 395');
  });

  it('edits: an emptied click retention goes back to the account default', async () => {
    const { harness, page, fake } = await openPage(`/campaigns/${CAMPAIGN_ID}/edit`, {
      'GET /api/v1/campaigns/{id}': { status: 200, body: campaign({ clickRetentionDays: 200 }) },
      'PATCH /api/v1/campaigns/{id}': { status: 200, body: campaign() },
      'GET /api/v1/campaigns/{campaignId}/links': { status: 200, body: [] },
    });
    await settle(harness.fixture);
    expect(page.querySelector<HTMLInputElement>('#campaign-clickRetentionDays')?.value).toBe('200');

    type(page, '#campaign-clickRetentionDays', '');
    button(page, 'Save changes').click();
    await settle(harness.fixture);
    expect(fake.calls.find((c) => c.method === 'PATCH')?.init.body).toEqual({ clickRetentionDays: null });
  });
});
