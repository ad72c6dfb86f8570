import { Public } from '../auth/auth.decorators';
import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthResponseDto, LivenessResponseDto, ReadinessResponseDto } from './health.dto';
import { HealthService } from './health.service';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';

const MALFORMED_BODY = 'MalformedJson: the request carried a body (none is needed) that is not valid JSON.';

/** Health for people and for orchestrators (docs/operations.md). */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Liveness and readiness: the database state and the version.' })
  @ApiOkResponse({ type: HealthResponseDto, description: 'Everything this process needs is reachable.' })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto, description: 'The database is unreachable.' })
  @ApiErrorResponses([400, MALFORMED_BODY])
  async getHealth(@Res({ passthrough: true }) res: Response): Promise<HealthResponseDto> {
    const report = await this.health.check();
    if (report.database.status !== 'up') res.status(503);
    return report;
  }

  @Get('live')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Liveness probe: the process is up. Never asks the database, so an outage does not get processes restarted.',
  })
  @ApiOkResponse({ type: LivenessResponseDto, description: 'The process answers.' })
  @ApiErrorResponses([400, MALFORMED_BODY])
  getLiveness(): LivenessResponseDto {
    return this.health.live();
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Readiness probe: the database answers, it has every migration of this build, and the process is not draining after SIGTERM.',
  })
  @ApiOkResponse({ type: ReadinessResponseDto, description: 'Send traffic to this process.' })
  @ApiServiceUnavailableResponse({
    type: ReadinessResponseDto,
    description:
      'Do not send traffic: the database is down, migrations are pending, or the process is draining.',
  })
  @ApiErrorResponses([400, MALFORMED_BODY])
  async getReadiness(@Res({ passthrough: true }) res: Response): Promise<ReadinessResponseDto> {
    const report = await this.health.ready();
    if (!report.ready) res.status(503);
    return report;
  }
}
