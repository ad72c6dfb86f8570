import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorResponseDto, NotFoundError } from '../../common/errors/api-error';
import { idOf } from '../../common/http/id-param';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { CurrentPrincipal, Roles, SessionOnly } from './auth.decorators';
import { OwnerDto, PasswordResetLinkDto } from './dto/auth.dto';
import { AuthService } from './auth.service';
import { OwnerAdminService } from './owner-admin.service';
import type { Principal } from './principal';
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
    private readonly ownerAdmin: OwnerAdminService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every owner account (admins only).' })
  @ApiOkResponse({ type: OwnerPageDto })
  @ApiErrorResponses(400)
  async listOwners(@Query() page: PageQueryDto): Promise<OwnerPageDto> {
    return this.ownerAdmin.list(page);
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
    await this.ownerAdmin.disable(admin, id, req.id as string);
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
    await this.ownerAdmin.enable(admin, id, req.id as string);
  }
}
