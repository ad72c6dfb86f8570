import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, SessionOnly } from '../auth/auth.decorators';
import { SourcesPollingDto } from './dto/sources.dto';
import type { SourceKind } from './listening-source.entity';
import { ListeningSourcesRepository } from './listening-sources.repository';
import { SOURCE_REQUESTS_PER_S, SourceRateGate } from './source-rate-gate.service';

const KINDS: SourceKind[] = ['lastfm', 'listenbrainz'];

/** The admin's polling page, by source: Last.fm and ListenBrainz beside the Spotify figures of GET admin/polling. */
@ApiTags('admin')
@Roles('admin')
@SessionOnly()
@Controller('admin/polling/sources')
export class SourcesAdminController {
  constructor(
    private readonly repository: ListeningSourcesRepository,
    private readonly gate: SourceRateGate,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Last.fm and ListenBrainz at a glance (admins only): accounts by state, due and failing reads, the newest read, whether calls are paused.',
    description:
      'Read from the database and the shared pauses at each call, for every Soundlink process together. A ' +
      'growing `due` means more listeners than the source’s request budget (`requestsPerSecond`) polls on ' +
      'schedule (README, "How many listeners this deployment can follow"); /metrics has the same per source ' +
      '(sources_accounts, sources_poll_lag_seconds, sources_polls_total).',
  })
  @ApiOkResponse({ type: SourcesPollingDto })
  async getSourcesPolling(): Promise<SourcesPollingDto> {
    const rows = new Map((await this.repository.summaryByKind()).map((row) => [row.kind, row]));
    const items = [];
    for (const kind of KINDS) {
      const row = rows.get(kind);
      const pausedUntil = await this.gate.pausedUntil(kind);
      items.push({
        kind,
        active: row?.active ?? 0,
        needsReconnect: row?.needs_reconnect ?? 0,
        disconnected: row?.disconnected ?? 0,
        due: row?.due ?? 0,
        failing: row?.failing ?? 0,
        lastPolledAt: row?.last_polled_at ? new Date(row.last_polled_at).toISOString() : null,
        paused: pausedUntil > 0,
        pausedUntil: pausedUntil > 0 ? new Date(pausedUntil).toISOString() : null,
        requestsPerSecond: SOURCE_REQUESTS_PER_S[kind],
      });
    }
    return { items };
  }
}
