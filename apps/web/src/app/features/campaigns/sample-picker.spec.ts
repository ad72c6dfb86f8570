import { campaign, CAMPAIGN_ID, openPage, preview } from '../../../testing/campaigns';
import { button, describedErrors, settle, text, type } from '../../../testing/dom';
import { apiError } from '../../../testing/fake-api-client';
import type { SandboxSample, SandboxSamples } from './campaign-model';
import { SANDBOX_UNKNOWN_ITEM_TEXT } from './campaign-form-fields';
import { TRY_IT_HIDDEN_KEY } from './try-it-yourself';

const ALBUM: SandboxSample = {
  kind: 'album',
  id: '0000000000000000album1',
  name: 'Midnight Drive',
  byline: 'The Nightjars',
  link: 'https://open.spotify.com/album/0000000000000000album1',
};
const TRACK: SandboxSample = {
  kind: 'track',
  id: '0000000000000000track1',
  name: 'Paper Lanterns',
  byline: 'Velvet Owls',
  link: 'https://open.spotify.com/track/0000000000000000track1',
};
const LABEL_PLAYLIST: SandboxSample = {
  kind: 'playlist',
  id: '000000000000playlist01',
  name: 'Nightjar New Releases',
  byline: 'Nightjar Records',
  link: 'https://open.spotify.com/playlist/000000000000playlist01',
  playlist: { ownerName: 'Nightjar Records', ownerUserId: 'label', usableByYou: false },
};

function samples(overrides: Partial<SandboxSamples> = {}): SandboxSamples {
  return {
    samples: [LABEL_PLAYLIST, ALBUM, TRACK],
    ownerSpotify: { connected: false, displayName: null },
    connectUrl: '/api/v1/owners/me/spotify/connect',
    playUrl: 'http://127.0.0.1:3000/sandbox/spotify/_sandbox/play',
    ...overrides,
  };
}

/** The owner's Spotify status, which tells the form it runs in sandbox mode. */
const SANDBOX_STATUS = {
  'GET /api/v1/owners/me/spotify': {
    status: 200,
    body: { connected: false, spotifyUserId: null, displayName: null, connectedAt: null, mode: 'sandbox' },
  },
};

function key(el: Element, name: string): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));
}

describe('Campaign form in sandbox mode: the sample picker', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    localStorage.clear();
  });

  it('says the product runs on an emulator and offers a one-click connect for sample playlists', async () => {
    const { harness, page } = await openPage('/campaigns/new', {
      ...SANDBOX_STATUS,
      'GET /api/v1/sandbox/samples': { status: 200, body: samples() },
    });
    await settle(harness.fixture);
    const note = page.querySelector('#campaign-sandbox-note');
    expect(text(note)).toContain('built-in Spotify emulator');
    expect(text(note)).toContain('Use your own Spotify app');
    const connect = note?.querySelector('a');
    expect(connect?.getAttribute('href')).toBe('/api/v1/owners/me/spotify/connect');
    expect(text(connect)).toBe('Connect Spotify as Nightjar Records');
    expect(page.querySelector('#campaign-destination')?.getAttribute('aria-describedby')).toContain(
      'campaign-sandbox-note',
    );
  });

  it('names the sample playlists the connected account can use right away', async () => {
    const { harness, page } = await openPage('/campaigns/new', {
      ...SANDBOX_STATUS,
      'GET /api/v1/sandbox/samples': {
        status: 200,
        body: samples({
          ownerSpotify: { connected: true, displayName: 'Nightjar Records' },
          samples: [
            { ...LABEL_PLAYLIST, playlist: { ...LABEL_PLAYLIST.playlist!, usableByYou: true } },
            ALBUM,
          ],
        }),
      },
    });
    await settle(harness.fixture);
    expect(text(page.querySelector('.sandbox-note__playlists'))).toContain(
      'connected as Nightjar Records, so these sample playlists work right away: Nightjar New Releases.',
    );
  });

  it('filters by typing and picks with the keyboard; the link fills the field and is checked', async () => {
    const { harness, page, fake } = await openPage('/campaigns/new', {
      ...SANDBOX_STATUS,
      'GET /api/v1/sandbox/samples': { status: 200, body: samples() },
      'GET /api/v1/spotify/resolve': {
        status: 200,
        body: preview({ name: 'Paper Lanterns', type: 'track' }),
      },
    });
    await settle(harness.fixture);
    const toggle = button(page, 'Pick a sample');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    await settle(harness.fixture);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const combo = page.querySelector<HTMLInputElement>('[role="combobox"]')!;
    expect(document.activeElement).toBe(combo);
    expect(page.querySelectorAll('[role="option"]')).toHaveLength(3);

    type(page, '[role="combobox"]', 'track');
    await settle(harness.fixture);
    const options = page.querySelectorAll('[role="option"]');
    expect(options).toHaveLength(1);
    expect(text(options[0])).toContain('Paper Lanterns');
    expect(combo.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    expect(options[0]!.getAttribute('aria-selected')).toBe('true');

    key(combo, 'Enter');
    await settle(harness.fixture);
    expect(page.querySelector<HTMLInputElement>('#campaign-destination')!.value).toBe(TRACK.link);
    expect(page.querySelector('[role="listbox"]')).toBeNull();
    expect(document.activeElement).toBe(toggle);
    expect(fake.calls.at(-1)).toEqual({
      method: 'GET',
      path: '/api/v1/spotify/resolve',
      init: { params: { query: { url: TRACK.link } } },
    });
  });

  it('moves with the arrow keys and closes on Escape without picking', async () => {
    const { harness, page } = await openPage('/campaigns/new', {
      ...SANDBOX_STATUS,
      'GET /api/v1/sandbox/samples': { status: 200, body: samples() },
    });
    await settle(harness.fixture);
    button(page, 'Pick a sample').click();
    await settle(harness.fixture);
    const combo = page.querySelector<HTMLInputElement>('[role="combobox"]')!;
    key(combo, 'ArrowDown');
    await settle(harness.fixture);
    const options = page.querySelectorAll('[role="option"]');
    expect(combo.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    key(combo, 'ArrowUp');
    key(combo, 'ArrowUp');
    await settle(harness.fixture);
    expect(combo.getAttribute('aria-activedescendant')).toBe(options[2]!.id);
    key(combo, 'Escape');
    await settle(harness.fixture);
    expect(page.querySelector('[role="listbox"]')).toBeNull();
    expect(page.querySelector<HTMLInputElement>('#campaign-destination')!.value).toBe('');
  });

  it('explains a real link in sandbox mode (SandboxUnknownItem), never "no such item"', async () => {
    const { harness, page } = await openPage('/campaigns/new', {
      ...SANDBOX_STATUS,
      'GET /api/v1/sandbox/samples': { status: 200, body: samples() },
      'GET /api/v1/spotify/resolve': apiError(
        422,
        'SandboxUnknownItem',
        'Soundlink runs in sandbox mode: …',
        [{ field: 'destination', reason: 'is not in the Spotify sandbox’s sample catalog; pick a sample' }],
      ),
    });
    await settle(harness.fixture);
    type(page, '#campaign-destination', 'https://open.spotify.com/album/2UJcKiJxNryhL050F5Z1Fk');
    await settle(harness.fixture);
    expect(describedErrors(page, '#campaign-destination')).toBe(SANDBOX_UNKNOWN_ITEM_TEXT);
  });

  it('shows no picker and asks for no samples with a Spotify app configured', async () => {
    const { harness, page, fake } = await openPage('/campaigns/new', {
      'GET /api/v1/owners/me/spotify': {
        status: 200,
        body: { ...SANDBOX_STATUS['GET /api/v1/owners/me/spotify'].body, mode: 'spotify' },
      },
    });
    await settle(harness.fixture);
    expect(fake.requests).not.toContain('/api/v1/sandbox/samples');
    expect(page.querySelector('sl-sample-picker')).toBeNull();
    expect(page.querySelector('#campaign-sandbox-note')).toBeNull();
  });
});

describe('Campaign page in sandbox mode: "Try it yourself"', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    localStorage.clear();
  });

  const routes = (mode: 'sandbox' | 'spotify') => ({
    [`GET /api/v1/campaigns/{id}`]: { status: 200, body: campaign() },
    'GET /api/v1/campaigns/{campaignId}/links': { status: 200, body: [] },
    'GET /api/v1/owners/me/spotify': {
      status: 200,
      body: { connected: false, spotifyUserId: null, displayName: null, connectedAt: null, mode },
    },
  });

  it('walks through trying the campaign alone, with the play page for its destination', async () => {
    const { harness, page } = await openPage(`/campaigns/${CAMPAIGN_ID}`, routes('sandbox'));
    await settle(harness.fixture);
    const panel = page.querySelector('section[aria-labelledby="try-title"]');
    expect(text(panel)).toContain('private window');
    expect(text(panel)).toContain('sample listener');
    const play = [...(panel?.querySelectorAll('a') ?? [])].find((a) => text(a).startsWith('play control'));
    expect(play?.getAttribute('href')).toBe(
      `/sandbox/spotify/_sandbox/play?context=${encodeURIComponent(campaign().destination.uri)}`,
    );
    button(page, 'Hide').click();
    await settle(harness.fixture);
    expect(page.querySelector('section[aria-labelledby="try-title"]')).toBeNull();
    expect(localStorage.getItem(TRY_IT_HIDDEN_KEY)).toBe('1');
  });

  it('is not shown with a Spotify app configured', async () => {
    const { harness, page } = await openPage(`/campaigns/${CAMPAIGN_ID}`, routes('spotify'));
    await settle(harness.fixture);
    expect(page.querySelector('section[aria-labelledby="try-title"]')).toBeNull();
  });
});
