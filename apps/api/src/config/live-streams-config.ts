import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ServerConfig } from './server-config';
import { toInt } from './config-transforms';
import { ConfigVariable } from './config-variable.decorator';

/** Limits of the live event streams (GET /api/v1/campaigns/{id}/stream). */
export abstract class LiveStreamsConfig extends ServerConfig {
  @ConfigVariable({
    description:
      'Live streams (GET /api/v1/campaigns/{id}/stream) one owner may hold open at once on one API process; more answer 429.',
    default: '10',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 1000' })
  @Min(1, { message: 'must be an integer between 1 and 1000' })
  @Max(1000, { message: 'must be an integer between 1 and 1000' })
  LIVE_STREAMS_PER_OWNER = 10;

  @ConfigVariable({
    description: 'Live streams one API process holds open at once, all owners together; more answer 429.',
    default: '1000',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 100000' })
  @Min(1, { message: 'must be an integer between 1 and 100000' })
  @Max(100000, { message: 'must be an integer between 1 and 100000' })
  LIVE_STREAMS_MAX = 1000;

  @ConfigVariable({
    description:
      'Live streams: bytes a stream may have waiting for a slow client before it is dropped (so are streams that do not drain within 30 s).',
    default: '1048576',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of bytes between 4096 and 67108864' })
  @Min(4096, { message: 'must be an integer number of bytes between 4096 and 67108864' })
  @Max(67108864, { message: 'must be an integer number of bytes between 4096 and 67108864' })
  LIVE_STREAM_BUFFER_BYTES = 1048576;

  @ConfigVariable({
    description:
      'Live streams: how often each open stream re-checks its API key or session and owner against the database, in milliseconds (revocations on this process, or on any process with REDIS_URL, end streams at once).',
    default: '30000',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds between 100 and 30000' })
  @Min(100, { message: 'must be an integer number of milliseconds between 100 and 30000' })
  @Max(30000, { message: 'must be an integer number of milliseconds between 100 and 30000' })
  LIVE_STREAM_RECHECK_MS = 30000;
}
