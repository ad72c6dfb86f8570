import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDate,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { TrackerLinkEntity } from '../tracker-link.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimOrNull = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || null : value === null ? null : value;

class UtmFieldsDto {
  @ApiPropertyOptional({ type: String, example: 'instagram', maxLength: 100, nullable: true })
  @IsOptional()
  @Transform(trimOrNull)
  @IsString()
  @MaxLength(100)
  utmSource?: string | null;

  @ApiPropertyOptional({ type: String, example: 'social', maxLength: 100, nullable: true })
  @IsOptional()
  @Transform(trimOrNull)
  @IsString()
  @MaxLength(100)
  utmMedium?: string | null;

  @ApiPropertyOptional({ type: String, example: 'summer-singles', maxLength: 100, nullable: true })
  @IsOptional()
  @Transform(trimOrNull)
  @IsString()
  @MaxLength(100)
  utmCampaign?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true })
  @IsOptional()
  @Transform(trimOrNull)
  @IsString()
  @MaxLength(100)
  utmContent?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true })
  @IsOptional()
  @Transform(trimOrNull)
  @IsString()
  @MaxLength(100)
  utmTerm?: string | null;
}

export class CreateLinkDto extends UtmFieldsDto {
  @ApiProperty({
    example: 'Instagram bio',
    description: 'The channel this link is shared on.',
    maxLength: 100,
  })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(100)
  label: string;

  @ApiPropertyOptional({
    example: 'summer-ig',
    description:
      '3–64 lower-case letters, digits and single hyphens, not a reserved word. Omit for a generated one.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  slug?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    description: 'After this the link answers 410 Gone.',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  expiresAt?: Date;
}

export class UpdateLinkDto extends UtmFieldsDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(100)
  label?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toLowerCase() : value,
  )
  @IsString()
  slug?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'must be an ISO 8601 date-time' })
  expiresAt?: Date | null;
}

export class QrQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 64,
    maximum: 2048,
    default: 512,
    description: 'PNG width in pixels.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(64)
  @Max(2048)
  size = 512;
}

export class UtmDto {
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty({ type: String, nullable: true }) medium: string | null;
  @ApiProperty({ type: String, nullable: true }) campaign: string | null;
  @ApiProperty({ type: String, nullable: true }) content: string | null;
  @ApiProperty({ type: String, nullable: true }) term: string | null;
}

export class LinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ example: 'summer-ig' }) slug: string;
  @ApiProperty({ example: 'http://127.0.0.1:3000/l/summer-ig', description: 'The tracker link to share.' })
  url: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: UtmDto }) utm: UtmDto;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
  @ApiProperty({ description: 'The QR code of url, as SVG.' }) qrSvgUrl: string;
  @ApiProperty({ description: 'The QR code of url, as PNG.' }) qrPngUrl: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(link: TrackerLinkEntity, publicUrl: string): LinkDto {
    const self = `/api/v1/campaigns/${link.campaignId}/links/${link.id}`;
    return {
      id: link.id,
      campaignId: link.campaignId,
      slug: link.slug,
      url: `${publicUrl}/l/${link.slug}`,
      label: link.label,
      utm: {
        source: link.utmSource,
        medium: link.utmMedium,
        campaign: link.utmCampaign,
        content: link.utmContent,
        term: link.utmTerm,
      },
      enabled: link.enabled,
      expiresAt: link.expiresAt?.toISOString() ?? null,
      qrSvgUrl: `${self}/qr.svg`,
      qrPngUrl: `${self}/qr.png`,
      createdAt: link.createdAt.toISOString(),
      updatedAt: link.updatedAt.toISOString(),
    };
  }
}
