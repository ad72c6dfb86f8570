import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PollingConfig } from './polling-config';
import { toInt } from './config-transforms';
import { ConfigVariable } from './config-variable.decorator';

/** Public trends: k-anonymity threshold and cache lifetime. */
export abstract class TrendsConfig extends PollingConfig {
  @ConfigVariable({
    description:
      'Public trends: an item (track or artist) is shown only when at least this many distinct listeners played it in the window (k-anonymity). Never lower than 5.',
    default: '10',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of listeners between 5 and 100000' })
  @Min(5, { message: 'must be an integer number of listeners between 5 and 100000' })
  @Max(100000, { message: 'must be an integer number of listeners between 5 and 100000' })
  TRENDS_MIN_LISTENERS = 10;

  @ConfigVariable({
    description:
      'Public trends: how long a computed chart is cached, in seconds (Redis when REDIS_URL is set, else memory). 0 turns the cache off.',
    default: '300',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of seconds between 0 and 86400' })
  @Min(0, { message: 'must be an integer number of seconds between 0 and 86400' })
  @Max(86400, { message: 'must be an integer number of seconds between 0 and 86400' })
  TRENDS_CACHE_TTL_S = 300;
}
