import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AuditLogEntity } from './audit-log.entity';
import { AuditService } from './audit.service';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';

export class AuditQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'Only entries older than this (the previous page’s last createdAt).',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  before?: Date;
}

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'campaign.created' }) action: string;
  @ApiProperty({ example: 'campaign' }) entityType: string;
  @ApiProperty({ type: String, nullable: true }) entityId: string | null;
  @ApiProperty({ enum: ['owner', 'api_key', 'system'] }) actorType: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) apiKeyId: string | null;
  @ApiProperty({ type: Object, nullable: true }) changes: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(entry: AuditLogEntity): AuditEntryDto {
    return {
      id: entry.id,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      actorType: entry.actorType,
      actorId: entry.actorId,
      apiKeyId: entry.apiKeyId,
      changes: entry.changes,
      createdAt: entry.createdAt.toISOString(),
    };
  }
}

@ApiTags('audit')
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireScopes('campaigns:read')
  @ApiOperation({ summary: 'Who created, changed, archived or deleted what in your account, newest first.' })
  @ApiOkResponse({ type: [AuditEntryDto] })
  @ApiErrorResponses(400)
  async listAuditLog(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AuditQueryDto,
  ): Promise<AuditEntryDto[]> {
    return (await this.audit.list(principal.ownerId, query.limit, query.before)).map((entry) =>
      AuditEntryDto.from(entry),
    );
  }
}
