import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { idOf } from '../../common/http/id-param';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { ApiKeyService } from './api-key.service';
import { CurrentPrincipal, SessionOnly } from './auth.decorators';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import type { Principal } from './principal';

/** Integrators' keys. Managed only by the signed-in owner, never with another key. */
@ApiTags('api-keys')
@SessionOnly()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key. The secret is in this answer only.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async createApiKey(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiKeyDto,
    @Req() req: Request,
  ): Promise<CreatedApiKeyDto> {
    const { key, secret } = await this.apiKeys.create(principal, body.name, body.scopes, req.id as string);
    return { ...ApiKeyDto.from(key), secret };
  }

  @Get()
  @ApiOperation({ summary: 'The active API keys, with when each was last used.' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  async listApiKeys(@CurrentPrincipal() principal: Principal): Promise<ApiKeyDto[]> {
    return (await this.apiKeys.list(principal.ownerId)).map((key) => ApiKeyDto.from(key));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key: it stops working at once.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async revokeApiKey(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('API key')) id: string,
    @Req() req: Request,
  ): Promise<void> {
    await this.apiKeys.revoke(principal, id, req.id as string);
  }
}
