import { loadConfig } from '../../config/app-config';
import { SpotifyEndpoints } from './spotify-endpoints.service';

const endpoints = (env: Record<string, string>) => new SpotifyEndpoints(loadConfig(env));

describe('SpotifyEndpoints: configuration → where Spotify is', () => {
  it('without SPOTIFY_CLIENT_ID points at the in-process sandbox with the sandbox app', () => {
    const e = endpoints({ PORT: '3000' });
    expect(e.mode).toBe('sandbox');
    expect(e.accountsUrl).toBe('http://127.0.0.1:3000/sandbox/spotify');
    expect(e.apiUrl).toBe('http://127.0.0.1:3000/sandbox/spotify/v1');
    expect([e.clientId, e.clientSecret]).toEqual(['sandbox-client-id', 'sandbox-client-secret']);
  });

  it('follows the port actually bound when PUBLIC_URL is not set (PORT=0 in tests)', () => {
    const e = endpoints({ PORT: '0' });
    e.setListeningUrl('http://127.0.0.1:45123/');
    expect(e.accountsUrl).toBe('http://127.0.0.1:45123/sandbox/spotify');
    expect(e.redirectUris.listenerConnect).toBe('http://127.0.0.1:45123/api/v1/listeners/connect/callback');
  });

  it('prefers PUBLIC_URL for every URL and redirect URI', () => {
    const e = endpoints({ PUBLIC_URL: 'https://soundlink.example' });
    e.setListeningUrl('http://127.0.0.1:45123');
    expect(e.apiUrl).toBe('https://soundlink.example/sandbox/spotify/v1');
    expect(e.redirectUris).toEqual({
      listenerConnect: 'https://soundlink.example/api/v1/listeners/connect/callback',
      ownerSpotify: 'https://soundlink.example/api/v1/owners/me/spotify/callback',
      ownerSignIn: 'https://soundlink.example/api/v1/auth/spotify/callback',
    });
  });

  it('with SPOTIFY_CLIENT_ID uses Spotify and the configured credentials', () => {
    const e = endpoints({ SPOTIFY_CLIENT_ID: 'abcdef0123456789', SPOTIFY_CLIENT_SECRET: 's3cret' });
    expect(e.mode).toBe('spotify');
    expect(e.accountsUrl).toBe('https://accounts.spotify.com');
    expect(e.apiUrl).toBe('https://api.spotify.com/v1');
    expect([e.clientId, e.clientSecret]).toEqual(['abcdef0123456789', 's3cret']);
  });

  it('honours SPOTIFY_ACCOUNTS_URL and SPOTIFY_API_URL', () => {
    const e = endpoints({
      SPOTIFY_CLIENT_ID: 'abcdef0123456789',
      SPOTIFY_CLIENT_SECRET: 's3cret',
      SPOTIFY_ACCOUNTS_URL: 'https://accounts.example',
      SPOTIFY_API_URL: 'https://api.example/v1',
    });
    expect([e.accountsUrl, e.apiUrl]).toEqual(['https://accounts.example', 'https://api.example/v1']);
  });
});
