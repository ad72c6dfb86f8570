import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { SpotifyConfig } from './spotify-config';
import { toInt } from './config-transforms';
import { ConfigVariable } from './config-variable.decorator';

/** The poller (roles all and worker): its pace, concurrency, request budget and leases. */
export abstract class PollingConfig extends SpotifyConfig {
  @ConfigVariable({
    description:
      'Polling (roles all and worker): how often the poller looks for due listeners, in milliseconds.',
    default: '1000',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds between 50 and 60000' })
  @Min(50, { message: 'must be an integer number of milliseconds between 50 and 60000' })
  @Max(60000, { message: 'must be an integer number of milliseconds between 50 and 60000' })
  POLL_TICK_MS = 1000;

  @ConfigVariable({
    description: 'Polling: listeners this process polls at the same time.',
    default: '16',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 256' })
  @Min(1, { message: 'must be an integer between 1 and 256' })
  @Max(256, { message: 'must be an integer between 1 and 256' })
  POLL_CONCURRENCY = 16;

  @ConfigVariable({
    description:
      "Spotify Web API requests the app may send per 30-s window, all processes together (polls, sync, insights, catalog): counted in Redis with REDIS_URL, else in PostgreSQL with DATABASE_URL, else in memory (the embedded database: one process). A 429's Retry-After pauses every process through the same store.",
    default: '600',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of requests between 1 and 1000000' })
  @Min(1, { message: 'must be an integer number of requests between 1 and 1000000' })
  @Max(1000000, { message: 'must be an integer number of requests between 1 and 1000000' })
  POLL_BUDGET_PER_30S = 600;

  @ConfigVariable({
    description:
      "Polling: how long a claimed listener stays leased to this process, in seconds; a crashed process's leases expire after it.",
    default: '120',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of seconds between 1 and 3600' })
  @Min(1, { message: 'must be an integer number of seconds between 1 and 3600' })
  @Max(3600, { message: 'must be an integer number of seconds between 1 and 3600' })
  POLL_LEASE_S = 120;

  @ConfigVariable({
    description: 'Polling: interval for a listener who is playing music now, in seconds.',
    default: '120',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of seconds between 1 and 1500' })
  @Min(1, { message: 'must be an integer number of seconds between 1 and 1500' })
  @Max(1500, { message: 'must be an integer number of seconds between 1 and 1500' })
  POLL_ACTIVE_INTERVAL_S = 120;

  @ConfigVariable({
    description:
      "Polling: longest interval for an idle listener, in seconds. At most 1500: 50 plays of 30 s fill Spotify's 50-play window in 25 minutes.",
    default: '1200',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of seconds between 1 and 1500' })
  @Min(1, { message: 'must be an integer number of seconds between 1 and 1500' })
  @Max(1500, { message: 'must be an integer number of seconds between 1 and 1500' })
  POLL_MAX_INTERVAL_S = 1200;

  @ConfigVariable({
    description:
      'Last.fm and ListenBrainz: interval for a listener with a click in the last 28 days, in seconds. They keep the whole history (no 50-play window), so this only sets how soon a play is attributed; 600 keeps 10,000 Last.fm listeners, a fifth of them in a window, within its limit.',
    default: '600',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of seconds between 60 and 86400' })
  @Min(60, { message: 'must be an integer number of seconds between 60 and 86400' })
  @Max(86_400, { message: 'must be an integer number of seconds between 60 and 86400' })
  SOURCE_POLL_ACTIVE_INTERVAL_S = 600;

  @ConfigVariable({
    description:
      'Last.fm and ListenBrainz: interval for the other listeners, in seconds (at least SOURCE_POLL_ACTIVE_INTERVAL_S).',
    default: '21600',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of seconds between 60 and 86400' })
  @Min(60, { message: 'must be an integer number of seconds between 60 and 86400' })
  @Max(86_400, { message: 'must be an integer number of seconds between 60 and 86400' })
  SOURCE_POLL_IDLE_INTERVAL_S = 21_600;
}
