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
