import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { IsNull, LessThan, Repository } from 'typeorm';
import { SecretsService } from '../../common/security/secrets.service';
import { signToken, verifyToken } from '../../common/security/signed-token';
import { OAuthStateEntity } from './oauth-state.entity';

export const STATE_TTL_S = 10 * 60;
/** How often unused (abandoned) and used state rows past their expiry are deleted. */
export const STATE_PURGE_INTERVAL_MS = 5 * 60 * 1000;

/** `browser`: the callback came to a browser that did not start the flow (its binding cookie is missing or differs). */
export type StateProblem = 'invalid' | 'expired' | 'replayed' | 'browser';

/** A state to send to Spotify, and the secret the starting browser keeps in its binding cookie. */
export interface IssuedState {
  state: string;
  /** Goes into the flow's HttpOnly binding cookie (oauth-state-cookie.ts); never in a URL. */
  browserKey: string;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('base64url');

/**
 * OAuth `state` values that are signed (nobody can forge one), expiring (10 minutes), single-use (a
 * replayed callback is refused) and bound to the browser that started the flow: the state carries the
 * SHA-256 of a random key that only that browser holds, in an HttpOnly cookie scoped to the callback path.
 * A callback followed by any other browser (login CSRF: an attacker's flow completed by a victim, or a
 * victim's flow completed by an attacker) is refused before anything is exchanged or stored. The payload
 * travels inside the state, e.g. which owner or visitor started the flow.
 */
@Injectable()
export class OAuthStateService {
  private readonly logger = new Logger('OAuthState');

  constructor(
    private readonly secrets: SecretsService,
    @InjectRepository(OAuthStateEntity) private readonly states: Repository<OAuthStateEntity>,
  ) {}

  async issue(purpose: string, payload: Record<string, unknown>): Promise<IssuedState> {
    const nonce = randomBytes(32).toString('base64url');
    const browserKey = randomBytes(32).toString('base64url');
    await this.states.insert({ nonce, purpose, usedAt: null });
    const now = Math.floor(Date.now() / 1000);
    const state = signToken(
      { ...payload, purpose, nonce, bk: hashKey(browserKey), exp: now + STATE_TTL_S },
      this.secrets.sessionSecret,
    );
    return { state, browserKey };
  }

  /**
   * The payload, once, to the browser holding the state's key; afterwards (or when forged, expired or
   * followed by another browser) the reason it is refused. A foreign browser does not use the state up.
   */
  async consume<T extends Record<string, unknown>>(
    purpose: string,
    state: string | undefined,
    browserKey: string | undefined,
  ): Promise<{ payload: T } | { problem: StateProblem }> {
    if (!state) return { problem: 'invalid' };
    const payload = verifyToken<T & { purpose?: string; nonce?: string; bk?: string }>(
      state,
      this.secrets.sessionSecret,
    );
    if (!payload) {
      const unsigned = verifyToken<{ exp?: number }>(state, this.secrets.sessionSecret, 0);
      return { problem: unsigned ? 'expired' : 'invalid' };
    }
    if (payload.purpose !== purpose || typeof payload.nonce !== 'string' || typeof payload.bk !== 'string') {
      return { problem: 'invalid' };
    }
    if (!browserKey || !sameText(hashKey(browserKey), payload.bk)) return { problem: 'browser' };
    const used = await this.states.update(
      { nonce: payload.nonce, purpose, usedAt: IsNull() },
      { usedAt: new Date() },
    );
    if (!used.affected) return { problem: 'replayed' };
    return { payload };
  }

  /**
   * Deletes every state row past its expiry, used or not: an expired state is refused by its signature
   * alone, so its row no longer matters. Abandoned flows (a consent page closed, a bot) leave unused rows;
   * this keeps the table at about ten minutes' worth of flows.
   */
  @Interval('oauth-state-purge', STATE_PURGE_INTERVAL_MS)
  async purgeExpired(): Promise<number> {
    try {
      const result = await this.states.delete({
        // A little past the expiry, so a clock a few seconds apart from the database's never cuts a live flow.
        createdAt: LessThan(new Date(Date.now() - (STATE_TTL_S + 30) * 1000)),
      });
      return result.affected ?? 0;
    } catch (error) {
      this.logger.warn(`Purging expired OAuth states failed: ${String(error)}`);
      return 0;
    }
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
