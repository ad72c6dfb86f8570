import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Profile, Strategy } from 'passport-spotify';
import { SpotifyEndpoints } from './spotify-endpoints.service';

/** Scopes a listener grants: recently played and top items (the profile needs none). */
export const SPOTIFY_LOGIN_SCOPES = ['user-read-recently-played', 'user-top-read'];

/** The outcome of a Spotify login: the user's tokens and who they are. */
export interface SpotifyLogin {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  spotifyUserId: string;
  /** Spotify's stable account id (2026), preferred for linking when present. */
  accountId?: string;
  displayName: string;
  /** passport-spotify drops the granted scope from the token answer, so this is usually absent. */
  scope?: string;
}

/** The parts of passport-oauth2's protected state this strategy re-points (see syncEndpoints). */
interface OAuth2Internals {
  _oauth2: { _authorizeUrl: string; _accessTokenUrl: string; _clientId: string; _clientSecret: string };
  _userProfileURL: string;
}

/**
 * Spotify login through passport-spotify, pointed at the configured endpoints (the in-process sandbox or
 * Spotify). Not registered with passport's global registry, which would let the last app created in a
 * process (tests boot several) answer for all of them: ListenerSpotifyLogin runs this instance directly,
 * with the connect flow's bound state.
 */
@Injectable()
export class SpotifyStrategy extends PassportStrategy(Strategy, 'spotify', 5) {
  constructor(private readonly endpoints: SpotifyEndpoints) {
    super({
      clientID: endpoints.clientId,
      clientSecret: endpoints.clientSecret,
      authorizationURL: `${endpoints.accountsUrl}/authorize`,
      tokenURL: `${endpoints.accountsUrl}/api/token`,
      userProfileURL: `${endpoints.apiUrl}/me`,
      callbackURL: endpoints.redirectUris.listenerConnect,
      scope: SPOTIFY_LOGIN_SCOPES,
    });
  }

  /** Keeps this strategy out of passport's global registry (the mixin registers it through this). */
  getPassportInstance(): { use(name: string, strategy: unknown): void } {
    return { use: () => undefined };
  }

  /**
   * The endpoints depend on the port the server really listens on (port 0 in tests), known only after
   * the strategy is built: re-point passport-oauth2 at them before every authentication.
   */
  syncEndpoints(): void {
    const self = this as unknown as OAuth2Internals;
    self._oauth2._authorizeUrl = `${this.endpoints.accountsUrl}/authorize`;
    self._oauth2._accessTokenUrl = `${this.endpoints.accountsUrl}/api/token`;
    self._userProfileURL = `${this.endpoints.apiUrl}/me`;
  }

  validate(accessToken: string, refreshToken: string, expiresIn: number, profile: Profile): SpotifyLogin {
    const json = (profile._json ?? {}) as { account_id?: unknown; display_name?: unknown };
    const accountId = typeof json.account_id === 'string' && json.account_id ? json.account_id : undefined;
    const seconds = Number.isFinite(Number(expiresIn)) && Number(expiresIn) > 0 ? Number(expiresIn) : 3600;
    return {
      accessToken,
      refreshToken,
      expiresAt: new Date(Date.now() + seconds * 1000),
      spotifyUserId: profile.id,
      ...(accountId ? { accountId } : {}),
      displayName:
        (typeof json.display_name === 'string' && json.display_name) || profile.displayName || profile.id,
    };
  }
}
