import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { toInt } from './config-transforms';
import { ConfigVariable } from './config-variable.decorator';
import { SourcesConfig } from './sources-config';

/** The longest attribution window a campaign may have (90 days); campaign DTOs cap their window with it. */
export const LONGEST_ATTRIBUTION_WINDOW_HOURS = 2160;

/**
 * Raw clicks and plays must outlive the longest attribution window plus this margin: a play is credited to a
 * click made up to the window earlier, plays arrive late (a listener polled after an outage, a reconnect), and
 * a re-attribution recomputes plays from the clicks before them. Deleting either sooner would change figures.
 */
export const RETENTION_MARGIN_DAYS = 30;

/** The shortest retention an operator or an owner may set: the longest window plus the margin (120 days). */
export const RETENTION_MIN_DAYS = Math.ceil(LONGEST_ATTRIBUTION_WINDOW_HOURS / 24) + RETENTION_MARGIN_DAYS;

const DAYS = (min: number) => `must be an integer number of days between ${min} and 36500`;
const WHY = `(raw clicks and plays must outlive the longest attribution window, ${LONGEST_ATTRIBUTION_WINDOW_HOURS / 24} days, plus ${RETENTION_MARGIN_DAYS} days for late plays and re-attribution)`;

/** How long raw events and their personal data are kept (docs/operations.md, "Retention"). */
export abstract class RetentionConfig extends SourcesConfig {
  @ConfigVariable({
    description: `Raw clicks are kept at most this many days (owners may choose less, per account or campaign, never under ${RETENTION_MIN_DAYS}); the rollups keep their counts after.`,
    default: '395',
  })
  @Transform(toInt)
  @IsInt({ message: `${DAYS(RETENTION_MIN_DAYS)} ${WHY}` })
  @Min(RETENTION_MIN_DAYS, { message: `${DAYS(RETENTION_MIN_DAYS)} ${WHY}` })
  @Max(36500, { message: `${DAYS(RETENTION_MIN_DAYS)} ${WHY}` })
  CLICK_RETENTION_DAYS = 395;

  @ConfigVariable({
    description:
      'Raw plays are kept this many days; the rollups, the public trends and the attributions keep their figures after.',
    default: '760',
  })
  @Transform(toInt)
  @IsInt({ message: `${DAYS(RETENTION_MIN_DAYS)} ${WHY}` })
  @Min(RETENTION_MIN_DAYS, { message: `${DAYS(RETENTION_MIN_DAYS)} ${WHY}` })
  @Max(36500, { message: `${DAYS(RETENTION_MIN_DAYS)} ${WHY}` })
  PLAY_RETENTION_DAYS = 760;

  @ConfigVariable({
    description:
      "After this many days a click's hashed IP and user agent are cleared; the click itself stays until CLICK_RETENTION_DAYS.",
    default: '30',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of days between 1 and 36500' })
  @Min(1, { message: 'must be an integer number of days between 1 and 36500' })
  @Max(36500, { message: 'must be an integer number of days between 1 and 36500' })
  CLICK_PII_RETENTION_DAYS = 30;

  @ConfigVariable({
    description:
      'Rows the retention job deletes or anonymises per statement (one short transaction each, with a pause between).',
    default: '1000',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of rows between 10 and 100000' })
  @Min(10, { message: 'must be an integer number of rows between 10 and 100000' })
  @Max(100000, { message: 'must be an integer number of rows between 10 and 100000' })
  RETENTION_BATCH_SIZE = 1000;
}
