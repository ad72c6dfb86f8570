import { Injectable } from '@nestjs/common';
import { DEFAULT_LASTFM_APP } from '@soundlink/sources-sandbox';
import { AppConfig } from '../../config/app-config';
import { version } from '../../version';
import { SpotifyEndpoints } from '../spotify/spotify-endpoints.service';

/**
 * Where the Last.fm and ListenBrainz clients send their requests. With LASTFM_API_KEY (or outside sandbox
 * mode): the real services, or the *_URL variables. In sandbox mode without a key: the emulators this
 * process mounts at /sandbox/lastfm and /sandbox/listenbrainz, with the Last.fm sandbox's default app.
 */
@Injectable()
export class SourceEndpoints {
  constructor(
    private readonly config: AppConfig,
    private readonly spotify: SpotifyEndpoints,
  ) {}

  private get sandbox(): boolean {
    return this.config.spotifyMode === 'sandbox' && !this.config.LASTFM_API_KEY;
  }

  get publicUrl(): string {
    return this.spotify.publicUrl;
  }

  /** The descriptive User-Agent both services ask for. */
  get userAgent(): string {
    return `Soundlink/${version} (+${this.publicUrl})`;
  }

  /** Last.fm is offered: a key is configured, or the sandbox stands in. */
  get lastfmEnabled(): boolean {
    return this.sandbox || Boolean(this.config.LASTFM_API_KEY && this.config.LASTFM_SHARED_SECRET);
  }

  get lastfmApiUrl(): string {
    if (this.config.LASTFM_API_URL) return this.config.LASTFM_API_URL;
    return this.sandbox ? `${this.publicUrl}/sandbox/lastfm/2.0` : 'https://ws.audioscrobbler.com/2.0';
  }

  get lastfmAuthUrl(): string {
    if (this.config.LASTFM_AUTH_URL) return this.config.LASTFM_AUTH_URL;
    return this.sandbox ? `${this.publicUrl}/sandbox/lastfm` : 'https://www.last.fm';
  }

  get lastfmApiKey(): string {
    return this.sandbox ? DEFAULT_LASTFM_APP.apiKey : (this.config.LASTFM_API_KEY ?? '');
  }

  get lastfmSharedSecret(): string {
    return this.sandbox ? DEFAULT_LASTFM_APP.sharedSecret : (this.config.LASTFM_SHARED_SECRET ?? '');
  }

  get listenbrainzApiUrl(): string {
    if (this.config.LISTENBRAINZ_API_URL) return this.config.LISTENBRAINZ_API_URL;
    return this.config.spotifyMode === 'sandbox'
      ? `${this.publicUrl}/sandbox/listenbrainz`
      : 'https://api.listenbrainz.org';
  }

  get timeoutMs(): number {
    return this.config.SPOTIFY_TIMEOUT_MS;
  }
}
