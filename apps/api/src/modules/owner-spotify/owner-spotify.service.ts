import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainError } from '../../common/errors/api-error';
import { TokenCipher } from '../../common/security/token-cipher';
import { AuditService } from '../audit/audit.service';
import { OAuthStateService } from '../auth/oauth-state.service';
import type { Principal } from '../auth/principal';
import { SpotifyClient } from '../spotify/spotify.client';
import { SpotifyEndpoints } from '../spotify/spotify-endpoints.service';
import type { SpotifyTokenSet, SpotifyUserAuth } from '../spotify/spotify.types';
import { OwnerSpotifyAccountEntity } from './owner-spotify-account.entity';

export const OWNER_SPOTIFY_SCOPES = 'playlist-read-private playlist-read-collaborative';
const STATE_PURPOSE = 'owner-spotify';

export const ownerSpotifyRequired = () =>
  new DomainError(
    'SpotifyAccountRequired',
    422,
    'Connect your Spotify account in Settings first: Spotify only lets a playlist’s owner or a collaborator read its tracks.',
    [{ field: 'destination', reason: 'needs your connected Spotify account to read the playlist' }],
  );

@Injectable()
export class OwnerSpotifyService {
  constructor(
    @InjectRepository(OwnerSpotifyAccountEntity)
    private readonly accounts: Repository<OwnerSpotifyAccountEntity>,
    private readonly client: SpotifyClient,
    private readonly endpoints: SpotifyEndpoints,
    private readonly cipher: TokenCipher,
    private readonly states: OAuthStateService,
    private readonly audit: AuditService,
  ) {}

  get mode(): 'sandbox' | 'spotify' {
    return this.endpoints.mode;
  }

  get redirectUri(): string {
    return `${this.endpoints.publicUrl}/api/v1/owners/me/spotify/callback`;
  }

  /** Spotify's consent page URL, and the key the owner's browser keeps to complete the flow (bound state). */
  async authorizeUrl(ownerId: string): Promise<{ url: string; browserKey: string }> {
    const { state, browserKey } = await this.states.issue(STATE_PURPOSE, { owner: ownerId });
    const query = new URLSearchParams({
      client_id: this.endpoints.clientId,
      response_type: 'code',
      redirect_uri: this.redirectUri,
      scope: OWNER_SPOTIFY_SCOPES,
      state,
      show_dialog: 'true',
    });
    return { url: `${this.endpoints.accountsUrl}/authorize?${query.toString()}`, browserKey };
  }

  /**
   * Finishes the OAuth dance in the browser that started it (`browserKey` from its binding cookie); returns
   * the owner it was for, or why it failed (shown on the settings page; `state-browser` gets a page of its own).
   */
  async completeAuthorization(query: {
    code?: string;
    state?: string;
    error?: string;
    browserKey?: string;
  }): Promise<{ ownerId?: string; outcome: string }> {
    const consumed = await this.states.consume<{ owner: string }>(
      STATE_PURPOSE,
      query.state,
      query.browserKey,
    );
    if ('problem' in consumed) return { outcome: `state-${consumed.problem}` };
    const ownerId = consumed.payload.owner;
    if (query.error || !query.code)
      return { ownerId, outcome: query.error === 'access_denied' ? 'denied' : 'failed' };
    try {
      await this.saveAccount(ownerId, await this.client.exchangeCode(query.code, this.redirectUri));
      return { ownerId, outcome: 'connected' };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { ownerId, outcome: code === 'SpotifyDevModeCap' ? 'dev-mode-cap' : 'failed' };
    }
  }

  /** Stores the owner's tokens (encrypted) with the Spotify account they belong to; returns its id. */
  async saveAccount(ownerId: string, tokens: SpotifyTokenSet): Promise<string> {
    const me = await this.client.getMe({ ...tokens });
    const spotifyUserId = me.accountId ?? me.id;
    await this.accounts.upsert(
      {
        ownerId,
        spotifyUserId,
        displayName: me.displayName ?? null,
        accessTokenEnc: this.cipher.encrypt(tokens.accessToken),
        refreshTokenEnc: this.cipher.encrypt(tokens.refreshToken),
        expiresAt: tokens.expiresAt,
        scope: tokens.scope ?? null,
      },
      ['ownerId'],
    );
    await this.audit.record(
      { ownerId, actorType: 'owner', actorId: ownerId },
      'owner.spotify_connected',
      'owner',
      ownerId,
      {
        spotifyUserId,
      },
    );
    return spotifyUserId;
  }

  async status(ownerId: string): Promise<OwnerSpotifyAccountEntity | null> {
    return this.accounts.findOneBy({ ownerId });
  }

  async disconnect(principal: Principal, requestId?: string): Promise<void> {
    const result = await this.accounts.delete({ ownerId: principal.ownerId });
    if (result.affected) {
      await this.audit.record(
        { ownerId: principal.ownerId, actorType: 'owner', actorId: principal.ownerId, requestId },
        'owner.spotify_disconnected',
        'owner',
        principal.ownerId,
      );
    }
  }

  /** The owner's Spotify tokens for a call (refreshed tokens are saved back), or undefined when not connected. */
  async auth(ownerId: string): Promise<SpotifyUserAuth | undefined> {
    const account = await this.accounts.findOneBy({ ownerId });
    if (!account) return undefined;
    return {
      accessToken: this.cipher.decrypt(account.accessTokenEnc),
      refreshToken: this.cipher.decrypt(account.refreshTokenEnc),
      expiresAt: account.expiresAt,
      onRefreshed: async (tokens: SpotifyTokenSet) => {
        await this.accounts.update(ownerId, {
          accessTokenEnc: this.cipher.encrypt(tokens.accessToken),
          refreshTokenEnc: this.cipher.encrypt(tokens.refreshToken),
          expiresAt: tokens.expiresAt,
        });
      },
    };
  }
}
