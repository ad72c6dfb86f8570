import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { IsNull, Not, Repository } from 'typeorm';
import { ErrorResponseDto, NotFoundError } from '../../common/errors/api-error';
import { DomainEvents } from '../../common/events/domain-events';
import { idOf } from '../../common/http/id-param';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { AuditService, actorOf } from '../audit/audit.service';
import { CurrentPrincipal, Roles, SessionOnly } from './auth.decorators';
import { OwnerDto } from './dto/auth.dto';
import { OwnerEntity } from './owner.entity';
import type { Principal } from './principal';
import { SessionEntity } from './session.entity';
import { ApiProperty } from '@nestjs/swagger';

export class OwnerPageDto {
  @ApiProperty({ type: [OwnerDto] })
  items: OwnerDto[];

  @ApiProperty()
  total: number;
}

@ApiTags('admin')
@Roles('admin')
@SessionOnly()
@Controller('admin/owners')
export class AdminController {
  constructor(
    @InjectRepository(OwnerEntity) private readonly owners: Repository<OwnerEntity>,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every owner account (admins only).' })
  @ApiOkResponse({ type: OwnerPageDto })
  async listOwners(@Query() page: PageQueryDto): Promise<OwnerPageDto> {
    const [owners, total] = await this.owners.findAndCount({
      order: { createdAt: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return { items: owners.map((owner) => OwnerDto.from(owner)), total };
  }

  @Post(':id/disable')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable an owner: their sessions end and their API keys stop working.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async disableOwner(
    @CurrentPrincipal() admin: Principal,
    @Param('id', idOf('Owner')) id: string,
    @Req() req: Request,
  ) {
    const result = await this.owners.update({ id, disabledAt: IsNull() }, { disabledAt: new Date() });
    if (!result.affected && !(await this.owners.exists({ where: { id } }))) throw new NotFoundError('Owner');
    await this.sessions.update({ ownerId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.events.emit('auth.revoked', { ownerId: id });
    await this.audit.record(
      { ...actorOf(admin, req.id as string), ownerId: id },
      'owner.disabled',
      'owner',
      id,
    );
  }

  @Post(':id/enable')
  @HttpCode(204)
  @ApiOperation({ summary: 'Enable a disabled owner again.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async enableOwner(
    @CurrentPrincipal() admin: Principal,
    @Param('id', idOf('Owner')) id: string,
    @Req() req: Request,
  ) {
    const result = await this.owners.update({ id, disabledAt: Not(IsNull()) }, { disabledAt: null });
    if (!result.affected && !(await this.owners.exists({ where: { id } }))) throw new NotFoundError('Owner');
    await this.audit.record(
      { ...actorOf(admin, req.id as string), ownerId: id },
      'owner.enabled',
      'owner',
      id,
    );
  }
}
