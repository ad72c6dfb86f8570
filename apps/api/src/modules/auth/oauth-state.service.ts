import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { IsNull, LessThan, Repository } from 'typeorm';
import { SecretsService } from '../../common/security/secrets.service';
import { signToken, verifyToken } from '../../common/security/signed-token';
import { OAuthStateEntity } from './oauth-state.entity';

export const STATE_TTL_S = 10 * 60;

export type StateProblem = 'invalid' | 'expired' | 'replayed';

/**
 * OAuth `state` values that are signed (nobody can forge one), expiring (10 minutes) and single-use
 * (a replayed callback is refused). The payload travels inside the state, e.g. which owner or visitor
 * started the flow.
 */
@Injectable()
export class OAuthStateService {
  constructor(
    private readonly secrets: SecretsService,
    @InjectRepository(OAuthStateEntity) private readonly states: Repository<OAuthStateEntity>,
  ) {}

  async issue(purpose: string, payload: Record<string, unknown>): Promise<string> {
    const nonce = randomBytes(32).toString('base64url');
    await this.states.insert({ nonce, purpose, usedAt: null });
    const now = Math.floor(Date.now() / 1000);
    return signToken({ ...payload, purpose, nonce, exp: now + STATE_TTL_S }, this.secrets.sessionSecret);
  }

  /** The payload, once; afterwards (or when forged or expired) the reason it is refused. */
  async consume<T extends Record<string, unknown>>(
    purpose: string,
    state: string | undefined,
  ): Promise<{ payload: T } | { problem: StateProblem }> {
    if (!state) return { problem: 'invalid' };
    const payload = verifyToken<T & { purpose?: string; nonce?: string }>(state, this.secrets.sessionSecret);
    if (!payload) {
      const unsigned = verifyToken<{ exp?: number }>(state, this.secrets.sessionSecret, 0);
      return { problem: unsigned ? 'expired' : 'invalid' };
    }
    if (payload.purpose !== purpose || typeof payload.nonce !== 'string') return { problem: 'invalid' };
    const used = await this.states.update(
      { nonce: payload.nonce, purpose, usedAt: IsNull() },
      { usedAt: new Date() },
    );
    if (!used.affected) return { problem: 'replayed' };
    // Forget nonces long past their expiry.
    await this.states.delete({ createdAt: LessThan(new Date(Date.now() - 24 * 3600 * 1000)) });
    return { payload };
  }
}
