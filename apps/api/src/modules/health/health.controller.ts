import { Public } from '../auth/auth.decorators';
import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthResponseDto } from './health.dto';
import { HealthService } from './health.service';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';

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
  @ApiErrorResponses([
    400,
    'MalformedJson: the request carried a body (none is needed) that is not valid JSON.',
  ])
  async getHealth(@Res({ passthrough: true }) res: Response): Promise<HealthResponseDto> {
    const report = await this.health.check();
    if (report.database.status !== 'up') res.status(503);
    return report;
  }
}
