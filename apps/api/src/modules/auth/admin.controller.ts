import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
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
import { OwnerDto, PasswordResetLinkDto } from './dto/auth.dto';
import { AuthService } from './auth.service';
import { OwnerEntity } from './owner.entity';
import type { Principal } from './principal';
import { SessionEntity } from './session.entity';
import { ApiProperty } from '@nestjs/swagger';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';

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
    private readonly auth: AuthService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every owner account (admins only).' })
  @ApiOkResponse({ type: OwnerPageDto })
  @ApiErrorResponses(400)
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

  @Post(':id/password-reset')
  @ApiOperation({
    summary: 'Issue a one-time password reset link for an owner (admins only).',
    description:
      'The link is answered once (only a hash is stored); give it to the owner. It works once, for 24 hours, and replaces any earlier unused link. Nothing changes until the owner uses it.',
  })
  @ApiCreatedResponse({ type: PasswordResetLinkDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async issuePasswordReset(
    @CurrentPrincipal() admin: Principal,
    @Param('id', idOf('Owner')) id: string,
    @Req() req: Request,
  ): Promise<PasswordResetLinkDto> {
    const reset = await this.auth.createPasswordReset(admin, id, req.id as string);
    if (!reset) throw new NotFoundError('Owner');
    return { resetUrl: reset.resetUrl, token: reset.token, expiresAt: reset.expiresAt.toISOString() };
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
