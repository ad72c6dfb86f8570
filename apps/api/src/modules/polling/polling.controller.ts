import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, SessionOnly } from '../auth/auth.decorators';
import { PollingSummaryDto } from './dto/polling-summary.dto';
import { PollingService } from './polling.service';

@ApiTags('admin')
@Roles('admin')
@SessionOnly()
@Controller('admin/polling')
export class PollingController {
  constructor(private readonly polling: PollingService) {}

  @Get()
  @ApiOperation({
    summary:
      'The poller at a glance (admins only): listeners by state, poll lag, observation gaps in the last 24 h, whether Spotify calls are paused.',
  })
  @ApiOkResponse({ type: PollingSummaryDto })
  getPollingSummary(): Promise<PollingSummaryDto> {
    return this.polling.summary();
  }
}
