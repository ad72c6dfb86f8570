import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { emptyToUndefined, toInt } from './config-transforms';
import { ConfigVariable } from './config-variable.decorator';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Where the server listens and logs, and the database and Redis it keeps its data in. */
export abstract class ServerConfig {
  @ConfigVariable({ description: 'Runtime mode; "test" quietens logs.', default: 'production' })
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'production';

  @ConfigVariable({
    description: 'Interface the HTTP server binds to (0.0.0.0 in containers).',
    default: '127.0.0.1',
  })
  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  @ConfigVariable({ description: 'HTTP port of the API and the SPA.', default: '3000' })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 0 and 65535' })
  @Min(0, { message: 'must be an integer between 0 and 65535' })
  @Max(65535, { message: 'must be an integer between 0 and 65535' })
  PORT = 3000;

  @ConfigVariable({
    description: 'Public origin used in tracker links, OAuth redirect URIs and e-mails.',
    default: 'http://127.0.0.1:$PORT',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^/\s?#]+$/, {
    message: 'must be an origin such as https://soundlink.example (no path)',
  })
  PUBLIC_URL?: string;

  @ConfigVariable({
    description: 'Log level (fatal, error, warn, info, debug, trace, silent).',
    default: 'info',
  })
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: LogLevel = 'info';

  @ConfigVariable({
    description:
      'PostgreSQL server, e.g. postgres://user:pass@host:5432/soundlink. Unset: an embedded PostgreSQL (PGlite) under DATA_DIR.',
    default: '(embedded)',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s/]*@?[^\s/]+(:\d+)?\/[^\s/?]+(\?\S*)?$/, {
    message: 'must be a URL like postgres://user:password@host:5432/database',
  })
  DATABASE_URL?: string;

  @ConfigVariable({
    description:
      'On SIGTERM, how long the process keeps serving while /health/ready answers 503, in milliseconds, so a load balancer or orchestrator stops sending traffic before the port closes (docs/operations.md). 0: close at once.',
    default: '0',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds between 0 and 120000' })
  @Min(0, { message: 'must be an integer number of milliseconds between 0 and 120000' })
  @Max(120000, { message: 'must be an integer number of milliseconds between 0 and 120000' })
  SHUTDOWN_DRAIN_MS = 0;

  @ConfigVariable({ description: 'Maximum connections in the database pool.', default: '10' })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 200' })
  @Min(1, { message: 'must be an integer between 1 and 200' })
  @Max(200, { message: 'must be an integer between 1 and 200' })
  DATABASE_POOL_SIZE = 10;

  @ConfigVariable({
    description:
      "The database server cancels any of the app's statements that runs longer, in milliseconds (0: never). Migrations at start and npm run analytics:rebuild run without it. The embedded PostgreSQL (PGlite) accepts it but cannot cancel a running statement.",
    default: '30000',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds between 0 and 3600000' })
  @Min(0, { message: 'must be an integer number of milliseconds between 0 and 3600000' })
  @Max(3600000, { message: 'must be an integer number of milliseconds between 0 and 3600000' })
  DATABASE_STATEMENT_TIMEOUT_MS = 30000;

  @ConfigVariable({
    description:
      'Redis for the live event fan-out across API processes, e.g. redis://host:6379. Unset: events reach the streams of the process that stored them (one process). See docs/analytics.md. Also holds the public trends cache, shared by every process (unset: each process caches in memory; docs/trends.md).',
    default: '',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a URL like redis://host:6379' })
  REDIS_URL?: string;

  @ConfigVariable({
    description:
      'Prefix of every Redis key Soundlink writes, so several deployments (or test runs) can share one Redis.',
    default: 'soundlink:',
  })
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, {
    message: 'must be 1 to 64 letters, digits or : _ . - characters',
  })
  REDIS_KEY_PREFIX = 'soundlink:';
}
