import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DatabaseHealthDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiPropertyOptional({ description: 'Round trip of `SELECT 1`, when up.' })
  latencyMs?: number;

  @ApiProperty({ enum: ['embedded', 'server'], description: 'Embedded PGlite or a PostgreSQL server.' })
  kind!: 'embedded' | 'server';
}

export class SpotifyHealthDto {
  @ApiProperty({
    enum: ['sandbox', 'spotify'],
    description: 'sandbox: the built-in Spotify emulator (demo mode).',
  })
  mode!: 'sandbox' | 'spotify';

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'While Spotify calls are paused after a 429 (rate limit or quota), when the pause ends.',
  })
  pausedUntil!: string | null;

  @ApiProperty({
    description:
      'Spotify reported the app quota exhausted (429 QUOTA_EXCEEDED): calls pause for a long time.',
  })
  quotaExceeded!: boolean;
}

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ description: 'Seconds since this process started.' })
  uptimeS!: number;

  @ApiProperty({ enum: ['all', 'api', 'worker'] })
  role!: 'all' | 'api' | 'worker';

  @ApiProperty({ type: DatabaseHealthDto })
  database!: DatabaseHealthDto;

  @ApiProperty({ type: SpotifyHealthDto })
  spotify!: SpotifyHealthDto;
}

export class LivenessResponseDto {
  @ApiProperty({ enum: ['ok'], description: 'The process is up and its event loop answers.' })
  status!: 'ok';

  @ApiProperty({ example: '0.1.0' })
  version!: string;

  @ApiProperty({ description: 'Seconds since this process started.' })
  uptimeS!: number;
}

export class ReadinessResponseDto {
  @ApiProperty({
    description:
      'true: this process should get traffic (database reachable, every migration of this build applied, not shutting down).',
  })
  ready!: boolean;

  @ApiProperty({ enum: ['up', 'down'], description: 'The database answered within 2 s.' })
  database!: 'up' | 'down';

  @ApiProperty({
    enum: ['done', 'pending', 'unknown'],
    description:
      "pending: the database lacks some of this build's migrations (they run at start, before the port opens); unknown: the database could not be asked.",
  })
  migrations!: 'done' | 'pending' | 'unknown';

  @ApiProperty({
    description:
      'The process received SIGTERM and is draining: it still answers requests in flight, but should get no new ones.',
  })
  draining!: boolean;
}
