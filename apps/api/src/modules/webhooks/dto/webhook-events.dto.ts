import { ApiProperty } from '@nestjs/swagger';

/**
 * The bodies webhooks POST (docs/webhooks.md): `{type, timestamp, data}`. They are written by the outbox's
 * triggers (migration WebhookOutbox) and by recordListenerErased; these classes only describe them, in the
 * OpenAPI document's components, so that the generated client exports their types.
 */

const nullableString = (description?: string) =>
  ApiProperty({ type: String, nullable: true, ...(description ? { description } : {}) });
const time = (description?: string) =>
  ApiProperty({ type: String, format: 'date-time', ...(description ? { description } : {}) });
const nullableTime = (description?: string) =>
  ApiProperty({ type: String, format: 'date-time', nullable: true, ...(description ? { description } : {}) });
const uuid = (description?: string) =>
  ApiProperty({ type: String, format: 'uuid', ...(description ? { description } : {}) });

export class WebhookUtmDto {
  @nullableString() source!: string | null;
  @nullableString() medium!: string | null;
  @nullableString() campaign!: string | null;
  @nullableString() content!: string | null;
  @nullableString() term!: string | null;
}

export class LinkClickedDataDto {
  @uuid() campaignId!: string;
  @uuid() linkId!: string;
  @uuid() clickId!: string;
  @time() clickedAt!: string;
  @ApiProperty({ type: WebhookUtmDto }) utm!: WebhookUtmDto;
  @nullableString('The referring page’s host name, never its path.') referrerHost!: string | null;
  @ApiProperty({ enum: ['mobile', 'tablet', 'desktop', 'unknown'], description: 'From the user agent.' })
  device!: 'mobile' | 'tablet' | 'desktop' | 'unknown';
  @nullableString('ISO 3166 country code when known; Soundlink does not locate clicks today, so always null.')
  country!: string | null;
}

export class ListenerConnectedDataDto {
  @uuid() campaignId!: string;
  @uuid() linkId!: string;
  @uuid('The latest click of the connecting browser on this campaign.') clickId!: string;
  @uuid() listenerId!: string;
  @nullableString('The utm_source of that click: the channel the listener came through.') source!:
    string | null;
  @time() connectedAt!: string;
}

export class PlayAttributedDataDto {
  @uuid() campaignId!: string;
  @ApiProperty({ example: '4211', description: 'The play id (a 64-bit integer, as a string).' })
  playId!: string;
  @ApiProperty({ example: '4uLU6hMCjMI75M1A2tKUQC', description: 'Spotify track id.' }) trackId!: string;
  @time() playedAt!: string;
  @uuid() listenerId!: string;
  @uuid('The click credited.') clickId!: string;
  @uuid() linkId!: string;
  @ApiProperty({ example: 0.82, description: 'Confidence 0..1.' }) score!: number;
  @ApiProperty({ enum: ['high', 'medium', 'low'] }) tier!: 'high' | 'medium' | 'low';
  @ApiProperty({ example: 1, description: 'This campaign’s share of the play, 0..1.' }) credit!: number;
  @ApiProperty({ example: 'v2' }) modelVersion!: string;
  @ApiProperty({ type: [String], example: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'NEW_REACH'] })
  reasons!: string[];
}

export class ListenerErasedDataDto {
  @uuid('Erase what you hold about this listener.') listenerId!: string;
}

export class WebhookDestinationDto {
  @ApiProperty({ enum: ['playlist', 'album', 'track', 'artist'] }) type!: string;
  @ApiProperty() id!: string;
  @nullableString() name!: string | null;
}

export class CampaignEventDataDto {
  @uuid() campaignId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['draft', 'active', 'paused', 'ended', 'archived'] }) status!: string;
  @ApiProperty({ type: WebhookDestinationDto }) destination!: WebhookDestinationDto;
  @nullableTime() startsAt!: string | null;
  @nullableTime() endsAt!: string | null;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone!: string;
  @ApiProperty({ type: 'integer' }) attributionWindowHours!: number;
  @time() createdAt!: string;
  @time() updatedAt!: string;
}

export class CampaignDeletedDataDto {
  @uuid() campaignId!: string;
  @ApiProperty() name!: string;
}

export class LinkEventDataDto {
  @uuid() linkId!: string;
  @uuid() campaignId!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() label!: string;
  @ApiProperty() enabled!: boolean;
  @nullableTime() expiresAt!: string | null;
  @ApiProperty({ type: WebhookUtmDto }) utm!: WebhookUtmDto;
  @time() createdAt!: string;
  @time() updatedAt!: string;
}

export class LinkDeletedDataDto {
  @uuid() linkId!: string;
  @uuid() campaignId!: string;
  @ApiProperty() slug!: string;
}

export class WebhookTestDataDto {
  @uuid() webhookId!: string;
  @ApiProperty({ example: 'A test event from Soundlink.' }) message!: string;
}

const timestamp = () => time('When the change happened (its transaction’s time), ISO-8601 UTC.');

export class LinkClickedEventDto {
  @ApiProperty({ enum: ['link.clicked'] }) type!: 'link.clicked';
  @timestamp() timestamp!: string;
  @ApiProperty({ type: LinkClickedDataDto }) data!: LinkClickedDataDto;
}

export class ListenerConnectedEventDto {
  @ApiProperty({ enum: ['listener.connected'] }) type!: 'listener.connected';
  @timestamp() timestamp!: string;
  @ApiProperty({ type: ListenerConnectedDataDto }) data!: ListenerConnectedDataDto;
}

export class PlayAttributedEventDto {
  @ApiProperty({ enum: ['play.attributed'] }) type!: 'play.attributed';
  @timestamp() timestamp!: string;
  @ApiProperty({ type: PlayAttributedDataDto }) data!: PlayAttributedDataDto;
}

export class ListenerErasedEventDto {
  @ApiProperty({ enum: ['listener.erased'] }) type!: 'listener.erased';
  @timestamp() timestamp!: string;
  @ApiProperty({ type: ListenerErasedDataDto }) data!: ListenerErasedDataDto;
}

export class CampaignChangedEventDto {
  @ApiProperty({ enum: ['campaign.created', 'campaign.updated'] }) type!:
    'campaign.created' | 'campaign.updated';
  @timestamp() timestamp!: string;
  @ApiProperty({ type: CampaignEventDataDto }) data!: CampaignEventDataDto;
}

export class CampaignDeletedEventDto {
  @ApiProperty({ enum: ['campaign.deleted'] }) type!: 'campaign.deleted';
  @timestamp() timestamp!: string;
  @ApiProperty({ type: CampaignDeletedDataDto }) data!: CampaignDeletedDataDto;
}

export class LinkChangedEventDto {
  @ApiProperty({ enum: ['link.created', 'link.updated'] }) type!: 'link.created' | 'link.updated';
  @timestamp() timestamp!: string;
  @ApiProperty({ type: LinkEventDataDto }) data!: LinkEventDataDto;
}

export class LinkDeletedEventDto {
  @ApiProperty({ enum: ['link.deleted'] }) type!: 'link.deleted';
  @timestamp() timestamp!: string;
  @ApiProperty({ type: LinkDeletedDataDto }) data!: LinkDeletedDataDto;
}

export class WebhookTestEventDto {
  @ApiProperty({ enum: ['webhook.test'] }) type!: 'webhook.test';
  @timestamp() timestamp!: string;
  @ApiProperty({ type: WebhookTestDataDto }) data!: WebhookTestDataDto;
}

/** Every event body, for the document's components (openapi.ts adds them and their union, WebhookEvent). */
export const WEBHOOK_EVENT_MODELS = [
  LinkClickedEventDto,
  ListenerConnectedEventDto,
  PlayAttributedEventDto,
  ListenerErasedEventDto,
  CampaignChangedEventDto,
  CampaignDeletedEventDto,
  LinkChangedEventDto,
  LinkDeletedEventDto,
  WebhookTestEventDto,
];
