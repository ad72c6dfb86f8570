import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AuditActorType, AuditLogEntity } from './audit-log.entity';

export interface AuditActor {
  ownerId: string | null;
  actorType: AuditActorType;
  actorId: string | null;
  apiKeyId?: string | null;
  requestId?: string | null;
}

export function actorOf(principal: Principal, requestId?: string): AuditActor {
  return {
    ownerId: principal.ownerId,
    actorType: principal.via === 'api_key' ? 'api_key' : 'owner',
    actorId: principal.ownerId,
    apiKeyId: principal.apiKeyId ?? null,
    requestId: requestId ?? null,
  };
}

/** Appends to the audit log. Other modules call `record`; nobody updates or deletes entries. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditLogEntity) private readonly entries: Repository<AuditLogEntity>) {}

  async record(
    actor: AuditActor,
    action: string,
    entityType: string,
    entityId: string | null,
    changes?: Record<string, unknown>,
  ): Promise<void> {
    await this.entries.insert({
      ownerId: actor.ownerId,
      actorType: actor.actorType,
      actorId: actor.actorId,
      apiKeyId: actor.apiKeyId ?? null,
      requestId: actor.requestId ?? null,
      action,
      entityType,
      entityId,
      changes: (changes ?? null) as AuditLogEntity['changes'] & object,
    });
  }

  /** An owner's entries, newest first, keyset-paginated by creation time. */
  list(ownerId: string, limit: number, before?: Date): Promise<AuditLogEntity[]> {
    return this.entries.find({
      where: { ownerId, ...(before ? { createdAt: LessThan(before) } : {}) },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
