import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { version } from '../../version';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { SpotifyRateLimiter } from '../spotify/spotify-rate-limiter.service';
import {
  DatabaseHealthDto,
  HealthResponseDto,
  LivenessResponseDto,
  ReadinessResponseDto,
  SpotifyHealthDto,
} from './health.dto';
import { HealthRepository } from './health.repository';

const DATABASE_TIMEOUT_MS = 2000;

/** Rejects with "timeout" when `work` has not settled within DATABASE_TIMEOUT_MS. */
async function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), DATABASE_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * /health (the full report), /health/live (the process answers) and /health/ready (it should get traffic), and
 * the soundlink_database_up gauge the alert rules read (docker/prometheus/alerts.yml).
 */
@Injectable()
export class HealthService {
  private draining = false;

  constructor(
    private readonly config: AppConfig,
    private readonly database: HealthRepository,
    private readonly spotifyLimiter: SpotifyRateLimiter,
    metrics: MetricsService,
  ) {
    const check = () => this.checkDatabase();
    new Gauge({
      name: 'soundlink_database_up',
      help: 'Whether the database answered SELECT 1 within 2 s when scraped (1) or not (0).',
      registers: [metrics.registry],
      async collect() {
        this.set((await check()).status === 'up' ? 1 : 0);
      },
    });
  }

  /** From now on /health/ready answers 503: the process is shutting down (SIGTERM). */
  startDraining(): void {
    this.draining = true;
  }

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

  /** Liveness asks nothing of the database: an outage must not get a healthy process restarted. */
  live(): LivenessResponseDto {
    return { status: 'ok', version, uptimeS: Math.round(process.uptime()) };
  }

  async ready(): Promise<ReadinessResponseDto> {
    let database: 'up' | 'down' = 'up';
    let migrations: ReadinessResponseDto['migrations'] = 'unknown';
    try {
      migrations = (await withinTimeout(this.database.pendingMigrations())) === 0 ? 'done' : 'pending';
    } catch {
      database = 'down';
    }
    const draining = this.draining;
    return { ready: database === 'up' && migrations === 'done' && !draining, database, migrations, draining };
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
    try {
      await withinTimeout(this.database.ping());
      return { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10, kind };
    } catch {
      return { status: 'down', kind };
    }
  }
}
