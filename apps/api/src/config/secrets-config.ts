import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { LiveStreamsConfig } from './live-streams-config';
import { emptyToUndefined } from './config-transforms';
import { ConfigVariable } from './config-variable.decorator';

export type SoundlinkRole = 'all' | 'api' | 'worker';

/** The metrics token, local state and the keys kept in it, and which role this process plays. */
export abstract class SecretsConfig extends LiveStreamsConfig {
  @ConfigVariable({
    description:
      'Bearer token for GET /metrics: when set, /metrics answers only `Authorization: Bearer <token>` (from anywhere). Unset: /metrics answers only loopback peers (the socket address, never X-Forwarded-For). At least 16 characters.',
    default: '',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[\x21-\x7e]{16,256}$/, {
    message: 'must be 16 to 256 printable characters without spaces',
  })
  METRICS_TOKEN?: string;

  @ConfigVariable({
    description:
      'Directory for local state: the embedded database and the generated keys. :memory: keeps nothing on disk.',
    default: './data',
  })
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @ConfigVariable({
    description:
      'AES-256-GCM key for Spotify tokens at rest: 32 bytes as 64 hex characters or base64. Unset: generated once under DATA_DIR (mode 0600).',
    default: '(generated)',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'must be 32 bytes: 64 hex characters or 44 base64 characters',
  })
  ENCRYPTION_KEY?: string;

  @ConfigVariable({
    description:
      'Secret that signs session cookies and OAuth state: at least 32 characters. Unset: generated once under DATA_DIR (mode 0600). Set the same value on every replica.',
    default: '(generated)',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  SESSION_SECRET?: string;

  @ConfigVariable({
    description:
      'What this process runs: all (API + background jobs: polling, attribution, webhook deliveries…), api (HTTP only) or worker (background jobs only).',
    default: 'all',
  })
  @IsIn(['all', 'api', 'worker'])
  SOUNDLINK_ROLE: SoundlinkRole = 'all';
}
