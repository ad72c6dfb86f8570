import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { NotFoundError } from '../../common/errors/api-error';
import { DomainEvents } from '../../common/events/domain-events.service';
import { AuditService, actorOf } from '../audit/audit.service';
import { ApiKeyEntity, ApiKeyScope } from './api-key.entity';
import type { OwnerEntity } from './owner.entity';
import type { Principal } from './principal';

/** Keys look like `slk_<8-char prefix>_<32-char secret>`; the prefix is stored in clear to find the row. */
export const API_KEY_PATTERN = /^slk_([0-9A-Za-z]{8})_([0-9A-Za-z]{32})$/;
const LAST_USED_RESOLUTION_MS = 60_000;

function randomBase62(length: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += alphabet[byte % 62];
    }
  }
  return out;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class ApiKeyService {
  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async create(principal: Principal, name: string, scopes: ApiKeyScope[], requestId?: string) {
    const prefix = randomBase62(8);
    const secret = `slk_${prefix}_${randomBase62(32)}`;
    const key = this.keys.create({
      ownerId: principal.ownerId,
      name: name.trim(),
      prefix,
      secretHash: sha256(secret),
      scopes: [...new Set(scopes)].sort(),
      lastUsedAt: null,
      revokedAt: null,
    });
    await this.keys.insert(key);
    await this.audit.record(actorOf(principal, requestId), 'api_key.created', 'api_key', key.id, {
      name: key.name,
      scopes: key.scopes,
    });
    return { key, secret };
  }

  list(ownerId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { ownerId, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  async revoke(principal: Principal, id: string, requestId?: string): Promise<void> {
    const result = await this.keys.update(
      { id, ownerId: principal.ownerId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    if (!result.affected) throw new NotFoundError('API key');
    this.events.emit('auth.revoked', { ownerId: principal.ownerId, apiKeyId: id });
    await this.audit.record(actorOf(principal, requestId), 'api_key.revoked', 'api_key', id);
  }

  /** The principal of a valid, unrevoked key of an enabled owner; undefined otherwise. */
  async authenticate(presented: string): Promise<Principal | undefined> {
    const match = API_KEY_PATTERN.exec(presented);
    if (!match) return undefined;
    const key = await this.keys.findOne({ where: { prefix: match[1] }, relations: { owner: true } });
    if (!key || key.revokedAt || !key.owner || (key.owner as OwnerEntity).disabledAt) return undefined;
    const expected = Buffer.from(key.secretHash, 'hex');
    const given = Buffer.from(sha256(presented), 'hex');
    if (!timingSafeEqual(expected, given)) return undefined;
    const now = Date.now();
    if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.keys.update(key.id, { lastUsedAt: new Date(now) });
    }
    return {
      ownerId: key.ownerId,
      role: (key.owner as OwnerEntity).role,
      via: 'api_key',
      scopes: new Set(key.scopes),
      apiKeyId: key.id,
    };
  }
}
