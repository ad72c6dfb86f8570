import { renderSignedIn } from '../../../testing/signed-in';
import { ActivatedRoute, convertToParamMap } from '@angular/router';
import { fakeApi, FakeAnswer, owner, signInRoute } from '../../../testing/fake-api-client';
import { button, settle, text } from '../../../testing/dom';
import { CONNECT_URL, SpotifyAccount } from './spotify-account';

const status = (connected: boolean) => ({
  status: 200,
  body: {
    connected,
    spotifyUserId: connected ? 'nightjar' : null,
    displayName: connected ? 'Nightjar Records' : null,
    connectedAt: connected ? '2026-11-02T09:30:00.000Z' : null,
    mode: 'sandbox',
  },
});

async function render(routes: Record<string, FakeAnswer>, spotify: string | null = null) {
  const fake = fakeApi({ ...signInRoute(owner()), ...routes });
  return renderSignedIn(SpotifyAccount, fake, [
    {
      provide: ActivatedRoute,
      useValue: { snapshot: { queryParamMap: convertToParamMap(spotify ? { spotify } : {}) } },
    },
  ]);
}

describe('Spotify account in Settings', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('offers to connect when not connected', async () => {
    const { el } = await render({ 'GET /api/v1/owners/me/spotify': status(false) });
    expect(text(el)).toContain('Not connected');
    expect(el.querySelector('a.sl-button')?.getAttribute('href')).toBe(CONNECT_URL);
  });

  it('says how connecting went and disconnects after confirmation', async () => {
    const { fixture, el, fake } = await render(
      {
        'GET /api/v1/owners/me/spotify': status(true),
        'DELETE /api/v1/owners/me/spotify': { status: 204 },
      },
      'connected',
    );
    expect(text(el.querySelector('.outcome'))).toContain('Spotify is connected.');
    expect(text(el.querySelector('.status'))).toContain('Nightjar Records');

    button(el, 'Disconnect').click();
    await settle(fixture);
    button(el, 'Disconnect Spotify').click();
    await settle(fixture);
    expect(fake.calls.some((c) => c.method === 'DELETE')).toBe(true);
  });

  it('explains a refused connection', async () => {
    const { el } = await render({ 'GET /api/v1/owners/me/spotify': status(false) }, 'denied');
    expect(text(el.querySelector('.outcome'))).toContain('cancelled');
  });
});
