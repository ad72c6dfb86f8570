import { ApiProperty } from '@nestjs/swagger';

export class PollingListenerCountsDto {
  @ApiProperty({ description: 'Polled on their schedule.' })
  active!: number;

  @ApiProperty({
    description: 'Spotify refused their authorization (invalid_grant, 401 after refresh): not polled.',
  })
  needsReconnect!: number;

  @ApiProperty({ description: "Refused by the Spotify app's development-mode user cap: not polled." })
  devModeBlocked!: number;

  @ApiProperty({ description: 'Disconnected by the listener: not polled.' })
  disconnected!: number;

  @ApiProperty()
  total!: number;
}

export class PollingSpotifyDto {
  @ApiProperty({ description: 'This process pauses every Spotify call right now (after a 429).' })
  paused!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the pause ends.' })
  pausedUntil!: string | null;

  @ApiProperty({ description: 'The pause is because the Spotify app quota is used up (QUOTA_EXCEEDED).' })
  quotaExceeded!: boolean;
}

export class PollingWorkerDto {
  @ApiProperty({ description: 'This process polls (SOUNDLINK_ROLE all or worker).' })
  polling!: boolean;

  @ApiProperty({ enum: ['all', 'api', 'worker'] })
  role!: 'all' | 'api' | 'worker';

  @ApiProperty({ description: 'Polls this process runs at once at most (POLL_CONCURRENCY).' })
  concurrency!: number;

  @ApiProperty({ description: 'Polls this process is running now.' })
  inFlight!: number;

  @ApiProperty({
    description:
      'Spotify Web API requests the app may send per 30-s window, all processes together (POLL_BUDGET_PER_30S).',
  })
  budgetPer30s!: number;

  @ApiProperty({
    description:
      'Requests counted in the current window by all processes (the whole budget while Spotify calls are paused).',
  })
  budgetUsed!: number;

  @ApiProperty({ description: 'Interval for a listener playing music now, in seconds.' })
  activeIntervalS!: number;

  @ApiProperty({ description: 'Longest interval, for an idle listener, in seconds.' })
  maxIntervalS!: number;
}

/** The poller at a glance, for the admin view. Counts are over every process (the database). */
export class PollingSummaryDto {
  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt!: string;

  @ApiProperty({ type: PollingListenerCountsDto })
  listeners!: PollingListenerCountsDto;

  @ApiProperty({ description: 'Active listeners due for a poll now and not being polled.' })
  due!: number;

  @ApiProperty({ description: 'Listeners being polled now (leased by a process).' })
  leased!: number;

  @ApiProperty({ description: 'Active listeners whose last poll failed (they are retried with back-off).' })
  failing!: number;

  @ApiProperty({
    description: 'Poll lag: how overdue the most overdue listener is, in seconds (0 when none is due).',
  })
  pollLagS!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'next_poll_at of that listener.',
  })
  oldestDueAt!: string | null;

  @ApiProperty({ description: 'Observation gaps recorded in the last 24 h (plays may be missing).' })
  gapsLast24h!: number;

  @ApiProperty({ description: 'Listeners with at least one observation gap in the last 24 h.' })
  listenersWithGapsLast24h!: number;

  @ApiProperty({ type: PollingSpotifyDto })
  spotify!: PollingSpotifyDto;

  @ApiProperty({ type: PollingWorkerDto, description: 'The process that answered.' })
  worker!: PollingWorkerDto;
}
