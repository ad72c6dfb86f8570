import { apiError } from '../../../testing/fake-api-client';
import { button, settle, text } from '../../../testing/dom';
import { listenerMe, listenerSource, renderListenerPage } from '../../../testing/listener';
import type { ListenerSource } from './listener-api';
import type { ListenerMe } from './listener-page';

/** The listener of these specs: connected through one campaign, with one recent play. */
function me(overrides: Partial<ListenerMe> = {}): ListenerMe {
  return listenerMe({
    campaigns: [
      {
        name: 'Summer Singles',
        destinationName: 'Nightjar Demo Campaign: Summer Singles',
        clicks: 3,
        firstClickAt: '2026-11-19T10:00:00.000Z',
        lastClickAt: '2026-11-20T09:59:00.000Z',
      },
    ],
    recentPlays: [
      {
        playedAt: '2026-11-20T09:58:00.000Z',
        trackName: 'Night Drive',
        artistNames: ['Hollow Pines'],
        source: 'baseline',
      },
    ],
    ...overrides,
  });
}

const HEADER = { params: { header: { 'X-Requested-With': 'soundlink' } } };

describe('Listener page (/me)', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('shows what was recorded: connection, counts, campaigns and plays', async () => {
    const { el } = await renderListenerPage({ 'GET /api/v1/listeners/me': { status: 200, body: me() } });

    expect(text(el.querySelector('h1'))).toBe('Your Soundlink data');
    expect(text(el.querySelector('.sl-page__lead'))).toContain('Ada Moreno');
    expect(text(el.querySelector('.sl-badge'))).toBe('Connected');
    const counts = Object.fromEntries(
      Array.from(el.querySelectorAll('.listener__counts > div')).map((row) => [
        text(row.querySelector('dt')),
        text(row.querySelector('dd')),
      ]),
    );
    expect(counts).toMatchObject({ Clicks: '3', Plays: '42', Campaigns: '1' });
    expect(text(el.querySelector('[aria-labelledby="campaigns-title"]'))).toContain('Summer Singles');
    expect(text(el.querySelector('[aria-labelledby="campaigns-title"]'))).toContain('3 clicks');
    expect(text(el.querySelector('[aria-labelledby="plays-title"]'))).toContain('Night Drive · Hollow Pines');
    for (const name of ['Sync now', 'Download my data', 'Disconnect', 'Erase my data']) {
      expect(button(el, name).disabled).toBe(false);
    }
    const sources = el.querySelectorAll('.listener__source');
    expect(sources).toHaveLength(1);
    expect(text(sources[0]!.querySelector('div'))).toMatch(
      /^Spotify · Ada Moreno\s*Connected\s*Last read .+$/,
    );
    expect(button(sources[0]!, 'Disconnect').getAttribute('aria-label')).toBe('Disconnect Spotify');
  });

  it('lists the Last.fm and ListenBrainz accounts of a listener without Spotify, with status and last read', async () => {
    const { el } = await renderListenerPage({
      'GET /api/v1/listeners/me': {
        status: 200,
        body: me({ displayName: 'lf_ada', lastSyncedAt: null }),
      },
      'GET /api/v1/listeners/me/sources': {
        status: 200,
        body: {
          items: [
            listenerSource({
              kind: 'lastfm',
              accountName: 'lf_ada',
              lastPolledAt: '2026-11-20T10:07:00.000Z',
            }),
            listenerSource({
              kind: 'listenbrainz',
              accountName: 'ada_listens',
              status: 'needs_reconnect',
              lastPolledAt: null,
            }),
          ],
        },
      },
    });

    // No Spotify account to speak of: the header names the listener, without Spotify's status.
    expect(text(el.querySelector('.sl-page__lead'))).toBe('Listening as lf_ada');
    const [lastfm, listenbrainz] = Array.from(el.querySelectorAll('.listener__source'));
    expect(text(lastfm)).toContain('Last.fm · lf_ada');
    expect(text(lastfm!.querySelector('.sl-badge'))).toBe('Connected');
    expect(text(lastfm)).toContain('Last read');
    expect(text(listenbrainz)).toContain('ListenBrainz · ada_listens');
    expect(text(listenbrainz!.querySelector('.sl-badge'))).toBe('Needs reconnecting');
    expect(text(listenbrainz)).toContain('Not read yet');
    expect(text(listenbrainz)).toContain('connect it again from a campaign link');
    // The latest read of any source, where Spotify never read anything.
    expect(text(el.querySelector('.listener__counts'))).not.toContain('Not yet');
    expect(button(el, 'Sync now').disabled).toBe(false);
  });

  it('still shows what was recorded when the sources cannot be read', async () => {
    const { el } = await renderListenerPage({
      'GET /api/v1/listeners/me': { status: 200, body: me() },
      'GET /api/v1/listeners/me/sources': { networkError: new TypeError('offline') },
    });
    expect(text(el.querySelector('h1'))).toBe('Your Soundlink data');
    expect(text(el.querySelector('[aria-labelledby="sources-title"]'))).toContain(
      'Your sources couldn’t be read just now',
    );
    expect(button(el, 'Sync now').disabled).toBe(false);
  });

  it('explains how to connect when this browser has no listener cookie', async () => {
    const { el } = await renderListenerPage({
      'GET /api/v1/listeners/me': apiError(401, 'ListenerNotConnected', 'No connection.'),
    });
    expect(text(el.querySelector('h1'))).toBe('Your listener page');
    expect(text(el)).toContain('isn’t connected to Soundlink');
    expect(text(el.querySelector('ol'))).toContain('Connect Spotify');
    expect(el.querySelectorAll('button')).toHaveLength(0);
  });

  it('syncs with the anti-CSRF header and announces the new plays', async () => {
    let plays = 42;
    const { el, fixture, fake } = await renderListenerPage({
      'GET /api/v1/listeners/me': () => ({
        status: 200,
        body: me({ counts: { clicks: 3, plays, campaigns: 1 } }),
      }),
      'POST /api/v1/listeners/me/sync': () => {
        plays += 2;
        return {
          status: 200,
          body: { newPlays: 2, attributedPlays: 0, syncedAt: '2026-11-20T10:06:00.000Z' },
        };
      },
    });

    button(el, 'Sync now').click();
    await settle(fixture);

    const sync = fake.calls.find((c) => c.path === '/api/v1/listeners/me/sync')!;
    expect(sync.init).toEqual(HEADER);
    expect(text(el.querySelector('[aria-live="polite"]'))).toBe('2 new plays recorded.');
    expect(text(el.querySelector('.listener__counts'))).toContain('44');
  });

  it('says how many of the new plays were attributed, as the sync answer counts them', async () => {
    const { el, fixture } = await renderListenerPage({
      'GET /api/v1/listeners/me': { status: 200, body: me() },
      'POST /api/v1/listeners/me/sync': {
        status: 200,
        body: { newPlays: 3, attributedPlays: 2, syncedAt: '2026-11-20T10:06:00.000Z' },
      },
    });

    button(el, 'Sync now').click();
    await settle(fixture);

    expect(text(el.querySelector('[aria-live="polite"]'))).toBe(
      '3 new plays recorded, 2 of them attributed to a campaign.',
    );
  });

  it('shows the API’s words when syncing too often', async () => {
    const { el, fixture } = await renderListenerPage({
      'GET /api/v1/listeners/me': { status: 200, body: me() },
      'POST /api/v1/listeners/me/sync': apiError(
        429,
        'SyncTooSoon',
        'You synced a moment ago. Try again in 25 seconds.',
      ),
    });
    button(el, 'Sync now').click();
    await settle(fixture);
    expect(text(el.querySelector('[role="alert"]'))).toBe(
      'You synced a moment ago. Try again in 25 seconds.',
    );
  });

  it('downloads the export as a JSON file', async () => {
    const createObjectURL = jest.fn(() => 'blob:soundlink/export');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: HTMLAnchorElement[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    const { el, fixture, fake } = await renderListenerPage({
      'GET /api/v1/listeners/me': { status: 200, body: me() },
      'GET /api/v1/listeners/me/export': { status: 200, body: { listener: { displayName: 'Ada Moreno' } } },
    });

    button(el, 'Download my data').click();
    await settle(fixture);

    expect(fake.calls.find((c) => c.path === '/api/v1/listeners/me/export')?.init).toEqual({
      parseAs: 'blob',
    });
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('soundlink-my-data.json');
    expect(clicked[0]!.getAttribute('href')).toBe('blob:soundlink/export');
    expect(text(el.querySelector('[aria-live="polite"]'))).toContain('downloading');
    click.mockRestore();
  });

  it('disconnects Spotify after a confirmation and then shows the disconnected state without Sync', async () => {
    let status: ListenerMe['status'] = 'active';
    const { el, fixture, fake } = await renderListenerPage({
      'GET /api/v1/listeners/me': () => ({
        status: 200,
        body: me({ status, disconnectedAt: status === 'disconnected' ? '2026-11-20T11:00:00.000Z' : null }),
      }),
      'GET /api/v1/listeners/me/sources': () => ({
        status: 200,
        body: { items: [listenerSource({ status })] },
      }),
      'DELETE /api/v1/listeners/me/sources/{kind}': () => {
        status = 'disconnected';
        return { status: 204 };
      },
    });

    button(el, 'Disconnect').click();
    await settle(fixture);
    expect(fake.calls.some((c) => c.method === 'DELETE')).toBe(false);
    const confirm = el.querySelector('.listener__source-confirm')!;
    expect(text(confirm)).toContain('Disconnect Spotify? Soundlink stops reading it');
    button(confirm, 'Disconnect Spotify').click();
    await settle(fixture);

    expect(fake.calls.find((c) => c.method === 'DELETE')?.init).toEqual({
      params: { path: { kind: 'spotify' }, header: { 'X-Requested-With': 'soundlink' } },
    });
    expect(text(el.querySelector('[aria-live="polite"]'))).toBe(
      'Spotify is disconnected. Soundlink no longer reads it; what it recorded stays until you erase it.',
    );
    expect(text(el.querySelector('.sl-page__lead .sl-badge'))).toBe('Disconnected');
    expect(text(el)).toContain('Soundlink no longer reads your Spotify plays');
    expect(button(el, 'Sync now').disabled).toBe(true);
    expect(() => button(el, 'Disconnect')).toThrow();
  });

  it('disconnects one source of several, keeps syncing the others, and can be cancelled', async () => {
    const items: ListenerSource[] = [
      listenerSource(),
      listenerSource({ kind: 'lastfm', accountName: 'lf_ada' }),
    ];
    const { el, fixture, fake } = await renderListenerPage({
      'GET /api/v1/listeners/me/sources': () => ({
        status: 200,
        body: { items: items.map((i) => ({ ...i })) },
      }),
      'DELETE /api/v1/listeners/me/sources/{kind}': (init) => {
        const kind = init.params?.path?.['kind'];
        for (const [n, item] of items.entries()) {
          if (item.kind === kind) items[n] = { ...item, status: 'disconnected' };
        }
        return { status: 204 };
      },
    });
    const lastfm = () => el.querySelectorAll('.listener__source')[1]!;

    button(lastfm(), 'Disconnect').click();
    await settle(fixture);
    expect(document.activeElement).toBe(el.querySelector('#disconnect-cancel'));
    button(lastfm(), 'Cancel').click();
    await settle(fixture);
    expect(el.querySelector('.listener__source-confirm')).toBeNull();
    expect(document.activeElement).toBe(el.querySelector('#disconnect-lastfm'));

    button(lastfm(), 'Disconnect').click();
    await settle(fixture);
    button(lastfm(), 'Disconnect Last.fm').click();
    await settle(fixture);

    expect(fake.calls.filter((c) => c.method === 'DELETE').map((c) => c.init.params?.path)).toEqual([
      { kind: 'lastfm' },
    ]);
    expect(text(el.querySelector('[aria-live="polite"]'))).toContain('Last.fm is disconnected.');
    expect(text(lastfm().querySelector('.sl-badge'))).toBe('Disconnected');
    expect(() => button(lastfm(), 'Disconnect')).toThrow();
    // Spotify still reads: the Spotify account keeps its Disconnect, and Sync stays.
    expect(button(el.querySelectorAll('.listener__source')[0]!, 'Disconnect')).toBeTruthy();
    expect(button(el, 'Sync now').disabled).toBe(false);
  });

  it('shows the API’s words when a disconnect fails', async () => {
    const { el, fixture } = await renderListenerPage({
      'DELETE /api/v1/listeners/me/sources/{kind}': apiError(
        404,
        'SourceNotConnected',
        'No spotify account is connected.',
      ),
    });
    button(el, 'Disconnect').click();
    await settle(fixture);
    button(el, 'Disconnect Spotify').click();
    await settle(fixture);
    expect(text(el.querySelector('[role="alert"]'))).toBe('No spotify account is connected.');
  });

  it('erases only after a confirmation that says it cannot be undone', async () => {
    const { el, fixture, fake } = await renderListenerPage({
      'GET /api/v1/listeners/me': { status: 200, body: me() },
      'DELETE /api/v1/listeners/me': { status: 204 },
    });

    button(el, 'Erase my data').click();
    await settle(fixture);
    const confirm = el.querySelector('.listener__confirm')!;
    expect(text(confirm)).toContain('It cannot be undone');
    expect(text(confirm)).toContain('42 plays');
    expect(document.activeElement).toBe(el.querySelector('#erase-cancel'));
    expect(fake.calls.some((c) => c.method === 'DELETE')).toBe(false);

    button(confirm, 'Cancel').click();
    await settle(fixture);
    expect(el.querySelector('.listener__confirm')).toBeNull();

    button(el, 'Erase my data').click();
    await settle(fixture);
    button(el.querySelector('.listener__confirm')!, 'Yes, erase my data').click();
    await settle(fixture);

    expect(fake.calls.find((c) => c.method === 'DELETE')?.init).toEqual(HEADER);
    expect(text(el.querySelector('h1'))).toBe('Your data has been erased');
  });
});
