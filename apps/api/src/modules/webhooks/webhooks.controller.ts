import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { idOf } from '../../common/http/id-param';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';
import { CurrentPrincipal, RequireScopes } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  ListWebhookDeliveriesQueryDto,
  UpdateWebhookDto,
  WebhookDto,
  WebhookListDto,
  WebhookSecretDto,
} from './dto/webhook.dto';
import { WebhookDeliveryDto, WebhookDeliveryListDto } from './dto/webhook-delivery.dto';
import { WebhooksService } from './webhooks.service';

const NOT_FOUND = [404, 'No such webhook (or delivery) among yours.'] as const;
const REFUSED = [
  422,
  'WebhookTargetRefused: the URL is not https or its host resolves to a private, loopback, link-local or metadata address (details name the field url and the reason).',
] as const;
const DISABLED = [409, 'WebhookDisabled: enable the webhook first.'] as const;

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @RequireScopes('webhooks:write')
  @ApiOperation({
    summary: 'Add a webhook endpoint; its signing secret is shown in this answer only.',
    description:
      'Events are POSTed signed in the Standard Webhooks format (webhook-id, webhook-timestamp, webhook-signature). The payload of each event type is in the components: LinkClickedEventDto, PlayAttributedEventDto, … and their union WebhookEvent (docs/webhooks.md).',
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiErrorResponses(REFUSED)
  async createWebhook(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateWebhookDto,
    @Req() req: Request,
  ): Promise<CreatedWebhookDto> {
    const { endpoint, secret } = await this.webhooks.create(principal, body, req.id as string);
    return { ...WebhookDto.from(endpoint, this.webhooks.now()), secret };
  }

  @Get()
  @RequireScopes('webhooks:read')
  @ApiOperation({ summary: 'Your webhook endpoints, newest first.' })
  @ApiOkResponse({ type: WebhookListDto })
  async listWebhooks(@CurrentPrincipal() principal: Principal): Promise<WebhookListDto> {
    const now = this.webhooks.now();
    return { items: (await this.webhooks.list(principal.ownerId)).map((e) => WebhookDto.from(e, now)) };
  }

  @Get(':id')
  @RequireScopes('webhooks:read')
  @ApiOperation({ summary: 'One of your webhook endpoints (never its secret).' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiErrorResponses(NOT_FOUND)
  async getWebhook(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Webhook')) id: string,
  ): Promise<WebhookDto> {
    return WebhookDto.from(await this.webhooks.get(principal.ownerId, id), this.webhooks.now());
  }

  @Patch(':id')
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Change a webhook endpoint: URL, events, description; disable or enable it.' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiErrorResponses(NOT_FOUND, REFUSED)
  async updateWebhook(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Webhook')) id: string,
    @Body() body: UpdateWebhookDto,
    @Req() req: Request,
  ): Promise<WebhookDto> {
    return WebhookDto.from(
      await this.webhooks.update(principal, id, body, req.id as string),
      this.webhooks.now(),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Delete a webhook endpoint and its delivery log.' })
  @ApiNoContentResponse()
  @ApiErrorResponses(NOT_FOUND)
  async deleteWebhook(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Webhook')) id: string,
    @Req() req: Request,
  ): Promise<void> {
    await this.webhooks.delete(principal, id, req.id as string);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @RequireScopes('webhooks:write')
  @ApiOperation({
    summary: 'Rotate the signing secret; the previous one also signs for 24 h (two signatures).',
  })
  @ApiOkResponse({ type: WebhookSecretDto })
  @ApiErrorResponses(NOT_FOUND)
  async rotateWebhookSecret(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Webhook')) id: string,
    @Req() req: Request,
  ): Promise<WebhookSecretDto> {
    const { secret, previousSecretExpiresAt } = await this.webhooks.rotateSecret(
      principal,
      id,
      req.id as string,
    );
    return { secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
  }

  @Post(':id/test')
  @HttpCode(202)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Send a webhook.test event to the endpoint; follow it in the delivery log.' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiErrorResponses(NOT_FOUND, DISABLED)
  async sendWebhookTest(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Webhook')) id: string,
  ): Promise<WebhookDeliveryDto> {
    return WebhookDeliveryDto.from(await this.webhooks.sendTest(principal.ownerId, id));
  }

  @Get(':id/deliveries')
  @RequireScopes('webhooks:read')
  @ApiOperation({
    summary: 'The endpoint’s delivery log, newest first: status, attempts, next attempt, last answer.',
  })
  @ApiOkResponse({ type: WebhookDeliveryListDto })
  @ApiErrorResponses(400, NOT_FOUND)
  async listWebhookDeliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Webhook')) id: string,
    @Query() query: ListWebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryListDto> {
    const rows = await this.webhooks.deliveriesOf(principal.ownerId, id, query.limit, query.before);
    return { items: rows.map((row) => WebhookDeliveryDto.from(row)) };
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @RequireScopes('webhooks:write')
  @ApiOperation({ summary: 'Send one delivery again now (whatever its status).' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiErrorResponses(NOT_FOUND, DISABLED)
  async retryWebhookDelivery(
    @CurrentPrincipal() principal: Principal,
    @Param('id', idOf('Webhook')) id: string,
    @Param('deliveryId', idOf('Delivery')) deliveryId: string,
  ): Promise<WebhookDeliveryDto> {
    return WebhookDeliveryDto.from(await this.webhooks.retryDelivery(principal.ownerId, id, deliveryId));
  }
}
