import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, Repository } from 'typeorm';
import { NotFoundError } from '../../common/errors/api-error';
import { DomainEvents } from '../../common/events/domain-events.service';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { AuditService, actorOf } from '../audit/audit.service';
import { OwnerDto } from './dto/auth.dto';
import { OwnerEntity } from './owner.entity';
import type { Principal } from './principal';
import { SessionEntity } from './session.entity';

/** What an admin does to owner accounts: list them, disable one (its sessions end) and enable it again. */
@Injectable()
export class OwnerAdminService {
  constructor(
    @InjectRepository(OwnerEntity) private readonly owners: Repository<OwnerEntity>,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Every owner account, oldest first, a page at a time. */
  async list(page: PageQueryDto): Promise<{ items: OwnerDto[]; total: number }> {
    const [owners, total] = await this.owners.findAndCount({
      order: { createdAt: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return { items: owners.map((owner) => OwnerDto.from(owner)), total };
  }

  /** Disables the owner (if not yet) and ends their sessions; live streams stop at once. */
  async disable(admin: Principal, id: string, requestId: string): Promise<void> {
    const result = await this.owners.update({ id, disabledAt: IsNull() }, { disabledAt: new Date() });
    if (!result.affected && !(await this.owners.exists({ where: { id } }))) throw new NotFoundError('Owner');
    await this.sessions.update({ ownerId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.events.emit('auth.revoked', { ownerId: id });
    await this.audit.record({ ...actorOf(admin, requestId), ownerId: id }, 'owner.disabled', 'owner', id);
  }

  /** Enables a disabled owner again. */
  async enable(admin: Principal, id: string, requestId: string): Promise<void> {
    const result = await this.owners.update({ id, disabledAt: Not(IsNull()) }, { disabledAt: null });
    if (!result.affected && !(await this.owners.exists({ where: { id } }))) throw new NotFoundError('Owner');
    await this.audit.record({ ...actorOf(admin, requestId), ownerId: id }, 'owner.enabled', 'owner', id);
  }
}
