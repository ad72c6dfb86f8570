import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { TokenCipher } from '../../common/security/token-cipher';
import { SPOTIFY_CLIENT_OPTIONS, SpotifyClientOptions } from '../spotify/spotify-client.options';
import { SpotifyClient } from '../spotify/spotify.client';
import { SpotifyReconnectRequiredError } from '../spotify/spotify.errors';
import type { SpotifyTokenSet, SpotifyUserAuth } from '../spotify/spotify.types';
import { ListenerTokensRepository, StoredTokenRow } from './listener-tokens.repository';

/** A listener's tokens as read from the listeners row (still encrypted). */
export interface StoredListenerTokens {
  listenerId: string;
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  tokenExpiresAt: Date | null;
}

/** The stored tokens cannot be used at all (none stored, or not decryptable with this key). */
export class ListenerTokensUnavailableError extends Error {
  constructor(detail: string) {
    super(`The listener's Spotify tokens cannot be used: ${detail}`);
    this.name = 'ListenerTokensUnavailableError';
  }
}

/**
 * The one owner of listeners' Spotify tokens after the connect: every module that calls Spotify for a
 * listener (polling, sync, insights) gets its SpotifyUserAuth here, and every refresh goes through here.
 *
 * Spotify may rotate the refresh token on a refresh, and the old one then dies: two processes refreshing
 * with the same token would leave one with `invalid_grant` and the listener wrongly asking to reconnect.
 * So a refresh locks the listener's row (SELECT … FOR UPDATE) for the token request; whoever comes second
 * finds the winner's tokens in the row and uses them without asking Spotify again. The new tokens are
 * written by compare-and-swap on the refresh token that was used (a reconnect that replaced them meanwhile
 * wins). Within a process, concurrent refreshes of one listener share one.
 */
@Injectable()
export class ListenerTokens {
  private readonly running = new Map<string, Promise<SpotifyTokenSet>>();
  /** A PostgreSQL server (DATABASE_URL): other processes may refresh the same listener. */
  private readonly serverDatabase: boolean;

  constructor(
    config: AppConfig,
    private readonly repository: ListenerTokensRepository,
    private readonly spotify: SpotifyClient,
    private readonly cipher: TokenCipher,
    @Inject(SPOTIFY_CLIENT_OPTIONS) private readonly options: SpotifyClientOptions,
  ) {
    this.serverDatabase = Boolean(config.DATABASE_URL);
  }

  /** The tokens to call Spotify with for this listener; refreshes go through `refresh`. */
  auth(stored: StoredListenerTokens): SpotifyUserAuth {
    if (!stored.accessTokenEnc || !stored.refreshTokenEnc)
      throw new ListenerTokensUnavailableError('none stored');
    let accessToken: string;
    let refreshToken: string;
    try {
      accessToken = this.cipher.decrypt(stored.accessTokenEnc);
      refreshToken = this.cipher.decrypt(stored.refreshTokenEnc);
    } catch (error) {
      throw new ListenerTokensUnavailableError(error instanceof Error ? error.message : String(error));
    }
    return {
      accessToken,
      refreshToken,
      expiresAt: stored.tokenExpiresAt ?? 0,
      renew: (usedAccessToken) => this.refresh(stored.listenerId, usedAccessToken),
    };
  }

  /**
   * Tokens newer than `usedAccessToken` (expired, or refused with a 401): those another refresh stored
   * meanwhile, else a refresh now. SpotifyReconnectRequiredError when Spotify refuses the stored refresh
   * token (invalid_grant) or the listener disconnected.
   */
  refresh(listenerId: string, usedAccessToken: string): Promise<SpotifyTokenSet> {
    const running = this.running.get(listenerId);
    if (running) return running;
    const request = this.refreshStored(listenerId, usedAccessToken).finally(() =>
      this.running.delete(listenerId),
    );
    this.running.set(listenerId, request);
    return request;
  }

  /**
   * On a PostgreSQL server (several processes) the row stays locked for the token request. The embedded
   * database has one process and one session for every connection: a transaction held across an HTTP call
   * would stall every query, and the in-process single flight already serialises refreshes, so the row is
   * read without a lock there and the compare-and-swap alone guards the write.
   */
  private refreshStored(listenerId: string, usedAccessToken: string): Promise<SpotifyTokenSet> {
    if (!this.serverDatabase) {
      return this.exchange(this.repository.manager, listenerId, usedAccessToken, false);
    }
    return this.repository.transaction((manager) =>
      this.exchange(manager, listenerId, usedAccessToken, true),
    );
  }

  private async exchange(
    manager: EntityManager,
    listenerId: string,
    usedAccessToken: string,
    lock: boolean,
  ): Promise<SpotifyTokenSet> {
    const row = await this.repository.read(manager, listenerId, lock);
    const stored = this.usable(row);
    const usedRefreshTokenEnc = row?.refresh_token_enc ?? '';
    const fresh = stored.expiresAt.getTime() - this.options.tokenExpirySkewMs > Date.now();
    // Someone refreshed since these tokens were read: theirs are the ones to use (ours may be dead).
    if (stored.accessToken !== usedAccessToken && fresh) return stored;
    const tokens = await this.spotify.refresh(stored.refreshToken);
    const swapped = await this.repository.swap(manager, listenerId, usedRefreshTokenEnc, {
      accessTokenEnc: this.cipher.encrypt(tokens.accessToken),
      refreshTokenEnc: this.cipher.encrypt(tokens.refreshToken),
      expiresAt: tokens.expiresAt,
      scope: tokens.scope,
    });
    if (swapped) return tokens;
    // Replaced meanwhile (a reconnect): the stored tokens win; none left means the listener disconnected.
    return this.usable(await this.repository.read(manager, listenerId, false));
  }

  /** The stored tokens, decrypted; SpotifyReconnectRequiredError when there are none to use. */
  private usable(row: StoredTokenRow | null): SpotifyTokenSet {
    if (!row || row.status === 'disconnected' || !row.access_token_enc || !row.refresh_token_enc) {
      throw new SpotifyReconnectRequiredError('The listener disconnected');
    }
    return {
      accessToken: this.cipher.decrypt(row.access_token_enc),
      refreshToken: this.cipher.decrypt(row.refresh_token_enc),
      expiresAt: row.token_expires_at ?? new Date(0),
    };
  }
}
