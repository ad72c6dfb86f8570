import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { TrafficConfig } from './traffic-config';
import { toInt } from './config-transforms';
import { ConfigVariable } from './config-variable.decorator';

/** Streaming-history imports: upload sizes and how many are written at once. */
export abstract class ImportsConfig extends TrafficConfig {
  @ConfigVariable({
    description:
      'Largest streaming-history upload (one JSON file or the ZIP of them) a listener may import, in bytes.',
    default: '104857600',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of bytes between 1024 and 1073741824' })
  @Min(1024, { message: 'must be an integer number of bytes between 1024 and 1073741824' })
  @Max(1073741824, { message: 'must be an integer number of bytes between 1024 and 1073741824' })
  IMPORT_MAX_BYTES = 104857600;

  @ConfigVariable({
    description:
      'Largest total of unzipped JSON in one streaming-history ZIP, in bytes (guards against ZIP bombs).',
    default: '1073741824',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of bytes between 1024 and 4294967296' })
  @Min(1024, { message: 'must be an integer number of bytes between 1024 and 4294967296' })
  @Max(4294967296, { message: 'must be an integer number of bytes between 1024 and 4294967296' })
  IMPORT_MAX_UNZIPPED_BYTES = 1073741824;

  @ConfigVariable({
    description:
      'Streaming-history imports written at the same time by this process; later uploads wait in a queue (status queued, with their position).',
    default: '1',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 16' })
  @Min(1, { message: 'must be an integer between 1 and 16' })
  @Max(16, { message: 'must be an integer between 1 and 16' })
  IMPORTS_CONCURRENCY = 1;
}
