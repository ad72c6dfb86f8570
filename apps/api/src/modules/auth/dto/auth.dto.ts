import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { RETENTION_MIN_DAYS } from '../../../config/retention-config';
import { IsTimeZone } from '../../../common/validation/is-time-zone';
import { OwnerEntity, OwnerRole } from '../owner.entity';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty({ example: 'maya@label.example' })
  @Transform(trim)
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    example: 'correct horse battery',
  })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiPropertyOptional({ example: 'Maya at Nightjar Records', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'IANA time zone for reports; default UTC.' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;
}

export class LoginDto {
  @ApiProperty({ example: 'maya@label.example' })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class UpdateProfileDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ example: 'America/New_York' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: RETENTION_MIN_DAYS,
    description:
      "Default days your campaigns' raw clicks are kept (a campaign may set its own); null: the server's maximum. At most the server's CLICK_RETENTION_DAYS (400 ValidationFailed naming this field above it).",
  })
  @IsOptional()
  @IsInt()
  @Min(RETENTION_MIN_DAYS)
  @Max(36500)
  clickRetentionDays?: number | null;
}

/** What this server keeps, and the bounds of an owner's click retention (docs/operations.md, "Retention"). */
export class DataRetentionLimitsDto {
  @ApiProperty({ description: 'The shortest click retention an owner may choose (days).' })
  minClickRetentionDays: number;

  @ApiProperty({ description: "The longest click retention (the server's CLICK_RETENTION_DAYS)." })
  maxClickRetentionDays: number;

  @ApiProperty({ description: "After this many days a click's hashed IP and user agent are cleared." })
  clickPiiRetentionDays: number;

  @ApiProperty({ description: 'Raw plays are kept this many days.' })
  playRetentionDays: number;
}

export class OwnerDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: ['owner', 'admin'] })
  role: OwnerRole;

  @ApiProperty({ example: 'UTC' })
  timezone: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Default days your campaigns' raw clicks are kept; null: the server's maximum.",
  })
  clickRetentionDays: number | null;

  @ApiPropertyOptional({
    type: DataRetentionLimitsDto,
    description: 'The server’s retention limits (on GET and PATCH /auth/me).',
  })
  dataRetention?: DataRetentionLimitsDto;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disabledAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(owner: OwnerEntity): OwnerDto {
    return {
      id: owner.id,
      email: owner.email,
      displayName: owner.displayName,
      role: owner.role,
      timezone: owner.timezone,
      clickRetentionDays: owner.clickRetentionDays ?? null,
      disabledAt: owner.disabledAt?.toISOString() ?? null,
      createdAt: owner.createdAt.toISOString(),
    };
  }
}

export class SessionDto {
  @ApiProperty({ type: OwnerDto })
  owner: OwnerDto;

  @ApiProperty({
    description: 'Echo this in the X-CSRF-Token header of unsafe requests (also in the sl_csrf cookie).',
  })
  csrfToken: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password the owner signs in with now.' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'The same rules as at registration.',
  })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'The token of the reset link an administrator gave you.' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword: string;
}

export class PasswordResetLinkDto {
  @ApiProperty({
    description:
      'The one-time link to give the owner (shown once: only a hash is stored). It sets a new password and ends every session.',
    example: 'https://soundlink.example/reset-password?token=…',
  })
  resetUrl: string;

  @ApiProperty({ description: 'The token inside the link.' })
  token: string;

  @ApiProperty({ format: 'date-time', description: 'The link stops working after this (24 hours).' })
  expiresAt: string;
}
