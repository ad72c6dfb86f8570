import { TtlCacheService } from '../../common/cache/ttl-cache.service';
import type { ListenerTokens } from '../listener/listener-tokens.service';
import type { SpotifyClient } from '../spotify/spotify.client';
import { SpotifyTopListener, SpotifyTopService } from './spotify-top.service';

const listener = (over: Partial<SpotifyTopListener> = {}): SpotifyTopListener => ({
  listenerId: 'l1',
  scope: 'user-read-recently-played user-top-read',
  status: 'active',
  accessTokenEnc: 'a',
  refreshTokenEnc: 'r',
  tokenExpiresAt: null,
  ...over,
});

const track = { id: 't1', name: 'Song', artists: [{ name: 'Ada' }], album: { name: 'LP', imageUrl: 'i' } };
const artist = { id: 'a1', name: 'Ada', imageUrl: null, genres: ['pop'] };

function service(getTopItems: jest.Mock) {
  const tokens = { auth: jest.fn(() => ({ accessToken: 'x' })) } as unknown as ListenerTokens;
  const client = { getTopItems } as unknown as SpotifyClient;
  return new SpotifyTopService(tokens, client, new TtlCacheService());
}

const answering = () =>
  jest.fn(async (_auth: unknown, type: 'tracks' | 'artists') => ({
    items: type === 'tracks' ? [track] : [artist],
  }));

describe('SpotifyTopService', () => {
  afterEach(() => jest.useRealTimers());

  it('says not_granted without the scope, tokens or connection, without asking Spotify', async () => {
    const getTopItems = answering();
    const top = service(getTopItems);
    for (const over of [
      { scope: 'user-read-recently-played' },
      { status: 'disconnected' },
      { accessTokenEnc: null },
    ]) {
      expect(await top.top(listener(over), '4w', 10)).toEqual({
        status: 'not_granted',
        timeRange: 'short_term',
        tracks: [],
        artists: [],
      });
    }
    expect(getTopItems).not.toHaveBeenCalled();
  });

  it('answers Spotify’s top lists, then from its cache for the same listener, range and limit', async () => {
    const getTopItems = answering();
    const top = service(getTopItems);
    const first = await top.top(listener(), '6m', 5);
    expect(first).toEqual({
      status: 'ok',
      timeRange: 'medium_term',
      tracks: [{ trackId: 't1', name: 'Song', artistNames: ['Ada'], albumName: 'LP', imageUrl: 'i' }],
      artists: [{ artistId: 'a1', name: 'Ada', imageUrl: null, genres: ['pop'] }],
    });
    expect(await top.top(listener(), '6m', 5)).toBe(first);
    expect(getTopItems).toHaveBeenCalledTimes(2);
    await top.top(listener(), '6m', 6);
    expect(getTopItems).toHaveBeenCalledTimes(4);
  });

  it('says unavailable when Spotify fails or is slower than 4 s, and does not cache that', async () => {
    const failing = jest.fn(async () => {
      throw new Error('503');
    });
    expect((await service(failing).top(listener(), 'all', 10)).status).toBe('unavailable');

    jest.useFakeTimers();
    const slow = jest.fn(() => new Promise<never>(() => undefined));
    const top = service(slow);
    const pending = top.top(listener(), 'all', 10);
    await jest.advanceTimersByTimeAsync(4_000);
    expect(await pending).toMatchObject({ status: 'unavailable', timeRange: 'long_term' });
    const again = top.top(listener(), 'all', 10);
    await jest.advanceTimersByTimeAsync(4_000);
    await again;
    expect(slow).toHaveBeenCalledTimes(4);
  });
});
