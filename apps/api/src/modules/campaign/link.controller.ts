import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import QRCode from 'qrcode';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { idOf } from '../../common/http/id-param';
import { AppConfig } from '../../config/app-config';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CreateLinkDto, LinkDto, QrQueryDto, UpdateLinkDto } from './dto/link.dto';
import { LinkService } from './link.service';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';

@ApiTags('links')
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such campaign or link among yours.' })
@Controller('campaigns/:campaignId/links')
export class LinkController {
  constructor(
    private readonly links: LinkService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @RequireScopes('campaigns:write')
  @ApiOperation({
    summary: 'Create a tracker link (one per channel) with optional UTM tags and a custom or generated slug.',
  })
  @ApiCreatedResponse({ type: LinkDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'SlugTaken' })
  async createLink(
    @CurrentPrincipal() principal: Principal,
    @Param('campaignId', idOf('Campaign')) campaignId: string,
    @Body() body: CreateLinkDto,
    @Req() req: Request,
  ): Promise<LinkDto> {
    return LinkDto.from(
      await this.links.create(principal, campaignId, body, req.id as string),
      this.config.publicUrl,
    );
  }

  @Get()
  @RequireScopes('campaigns:read')
  @ApiOperation({ summary: 'The campaign’s tracker links.' })
  @ApiOkResponse({ type: [LinkDto] })
  async listLinks(
    @CurrentPrincipal() principal: Principal,
    @Param('campaignId', idOf('Campaign')) campaignId: string,
  ): Promise<LinkDto[]> {
    return (await this.links.list(principal.ownerId, campaignId)).map((link) =>
      LinkDto.from(link, this.config.publicUrl),
    );
  }

  @Get(':linkId')
  @RequireScopes('campaigns:read')
  @ApiOperation({ summary: 'One tracker link.' })
  @ApiOkResponse({ type: LinkDto })
  async getLink(
    @CurrentPrincipal() principal: Principal,
    @Param('campaignId', idOf('Campaign')) campaignId: string,
    @Param('linkId', idOf('Link')) linkId: string,
  ): Promise<LinkDto> {
    return LinkDto.from(await this.links.get(principal.ownerId, campaignId, linkId), this.config.publicUrl);
  }

  @Patch(':linkId')
  @RequireScopes('campaigns:write')
  @ApiOperation({ summary: 'Change a link: label, slug, UTM tags, enable/disable, expiry.' })
  @ApiOkResponse({ type: LinkDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'SlugTaken' })
  async updateLink(
    @CurrentPrincipal() principal: Principal,
    @Param('campaignId', idOf('Campaign')) campaignId: string,
    @Param('linkId', idOf('Link')) linkId: string,
    @Body() body: UpdateLinkDto,
    @Req() req: Request,
  ): Promise<LinkDto> {
    return LinkDto.from(
      await this.links.update(principal, campaignId, linkId, body, req.id as string),
      this.config.publicUrl,
    );
  }

  @Delete(':linkId')
  @HttpCode(204)
  @RequireScopes('campaigns:write')
  @ApiOperation({ summary: 'Delete a link and its clicks (disable it to keep them).' })
  @ApiNoContentResponse()
  async deleteLink(
    @CurrentPrincipal() principal: Principal,
    @Param('campaignId', idOf('Campaign')) campaignId: string,
    @Param('linkId', idOf('Link')) linkId: string,
    @Req() req: Request,
  ): Promise<void> {
    await this.links.delete(principal, campaignId, linkId, req.id as string);
  }

  @Get(':linkId/qr.svg')
  @RequireScopes('campaigns:read')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({ summary: 'The link’s QR code as SVG.' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ description: 'An SVG image.', schema: { type: 'string' } })
  async getLinkQrSvg(
    @CurrentPrincipal() principal: Principal,
    @Param('campaignId', idOf('Campaign')) campaignId: string,
    @Param('linkId', idOf('Link')) linkId: string,
  ): Promise<string> {
    const link = await this.links.get(principal.ownerId, campaignId, linkId);
    return QRCode.toString(LinkDto.from(link, this.config.publicUrl).url, {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
    });
  }

  @Get(':linkId/qr.png')
  @RequireScopes('campaigns:read')
  @ApiOperation({ summary: 'The link’s QR code as PNG (size in pixels).' })
  @ApiProduces('image/png')
  @ApiOkResponse({ description: 'A PNG image.', schema: { type: 'string', format: 'binary' } })
  @ApiErrorResponses(400)
  async getLinkQrPng(
    @CurrentPrincipal() principal: Principal,
    @Param('campaignId', idOf('Campaign')) campaignId: string,
    @Param('linkId', idOf('Link')) linkId: string,
    @Query() query: QrQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    const link = await this.links.get(principal.ownerId, campaignId, linkId);
    const png = await QRCode.toBuffer(LinkDto.from(link, this.config.publicUrl).url, {
      type: 'png',
      width: query.size,
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    res.setHeader('Content-Type', 'image/png');
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.setHeader('Content-Disposition', `inline; filename="soundlink-${link.slug}.png"`);
    res.end(png);
  }
}
