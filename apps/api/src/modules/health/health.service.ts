import { Injectable } from '@nestjs/common';
import { version } from '../../version';
import { AppConfig } from '../../config/app-config';
import { SpotifyRateLimiter } from '../spotify/spotify-rate-limiter.service';
import { DatabaseHealthDto, HealthResponseDto, SpotifyHealthDto } from './health.dto';
import { HealthRepository } from './health.repository';

const DATABASE_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    private readonly config: AppConfig,
    private readonly database: HealthRepository,
    private readonly spotifyLimiter: SpotifyRateLimiter,
  ) {}

  async check(): Promise<HealthResponseDto> {
    const database = await this.checkDatabase();
    return {
      status: database.status === 'up' ? 'ok' : 'degraded',
      version,
      uptimeS: Math.round(process.uptime()),
      role: this.config.SOUNDLINK_ROLE,
      database,
      spotify: this.spotifyHealth(),
    };
  }

  private spotifyHealth(): SpotifyHealthDto {
    const limit = this.spotifyLimiter.status();
    return {
      mode: this.config.spotifyMode,
      pausedUntil: limit.pausedUntil?.toISOString() ?? null,
      quotaExceeded: limit.quotaExceeded,
    };
  }

  private async checkDatabase(): Promise<DatabaseHealthDto> {
    const kind = this.config.DATABASE_URL ? 'server' : 'embedded';
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.database.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), DATABASE_TIMEOUT_MS);
        }),
      ]);
      return { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10, kind };
    } catch {
      return { status: 'down', kind };
    } finally {
      clearTimeout(timer);
    }
  }
}
