import { Injectable } from '@nestjs/common';
import { DEFAULT_CLIENT } from '@soundlink/spotify-sandbox';
import { AppConfig } from '../../config/app-config';

/** Where the in-process sandbox lives, below the API's public origin. */
export const SANDBOX_BASE_PATH = '/sandbox/spotify';
/** The sandbox's registered app (see @soundlink/spotify-sandbox DEFAULT_CLIENT). */
export const SANDBOX_CLIENT_ID = DEFAULT_CLIENT.clientId;
export const SANDBOX_CLIENT_SECRET = DEFAULT_CLIENT.clientSecret;

/** What a Spotify client needs to know: the two base URLs and the app's credentials. */
export interface SpotifyApiTarget {
  /** Accounts service base, e.g. https://accounts.spotify.com (no trailing slash). */
  readonly accountsUrl: string;
  /** Web API base including /v1, e.g. https://api.spotify.com/v1. */
  readonly apiUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface SpotifyRedirectUris {
  /** A listener connects Spotify from a tracker link (the connect flow). */
  listenerConnect: string;
  /** An owner connects their own Spotify account (to read their playlists). */
  ownerSpotify: string;
  /** Reserved for owners signing in with Spotify. */
  ownerSignIn: string;
}

/**
 * The Spotify endpoints resolved from the configuration. With SPOTIFY_CLIENT_ID: Spotify itself (or
 * SPOTIFY_ACCOUNTS_URL / SPOTIFY_API_URL). Without: sandbox mode, the emulator served by this very process
 * under /sandbox/spotify with the sandbox app's credentials.
 *
 * The public origin is computed lazily: without PUBLIC_URL it follows the address the server actually
 * listens on (bootstrap reports it after listen; tests listen on port 0).
 */
@Injectable()
export class SpotifyEndpoints implements SpotifyApiTarget {
  private listeningUrl: string | undefined;

  constructor(private readonly config: AppConfig) {}

  /** Called once the HTTP server listens, with its base URL (http://127.0.0.1:PORT). */
  setListeningUrl(url: string): void {
    this.listeningUrl = url.replace(/\/+$/, '');
  }

  get mode(): 'sandbox' | 'spotify' {
    return this.config.spotifyMode;
  }

  /** The origin browsers and Spotify reach this server at. */
  get publicUrl(): string {
    return this.config.PUBLIC_URL ?? this.listeningUrl ?? this.config.publicUrl;
  }

  get sandboxUrl(): string {
    return `${this.publicUrl}${SANDBOX_BASE_PATH}`;
  }

  get accountsUrl(): string {
    if (this.mode === 'sandbox') return this.sandboxUrl;
    return this.config.SPOTIFY_ACCOUNTS_URL ?? 'https://accounts.spotify.com';
  }

  get apiUrl(): string {
    if (this.mode === 'sandbox') return `${this.sandboxUrl}/v1`;
    return this.config.SPOTIFY_API_URL ?? 'https://api.spotify.com/v1';
  }

  get clientId(): string {
    return this.mode === 'sandbox' ? SANDBOX_CLIENT_ID : (this.config.SPOTIFY_CLIENT_ID as string);
  }

  get clientSecret(): string {
    return this.mode === 'sandbox' ? SANDBOX_CLIENT_SECRET : (this.config.SPOTIFY_CLIENT_SECRET ?? '');
  }

  /** The OAuth redirect URIs Soundlink uses; each must be registered with the Spotify app. */
  get redirectUris(): SpotifyRedirectUris {
    const api = `${this.publicUrl}/api/v1`;
    return {
      listenerConnect: `${api}/listeners/connect/callback`,
      ownerSpotify: `${api}/owners/me/spotify/callback`,
      ownerSignIn: `${api}/auth/spotify/callback`,
    };
  }
}
