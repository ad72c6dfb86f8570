import { Public } from '../auth/auth.decorators';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError, ErrorCode } from '../../common/errors/api-error';
import { AppConfig } from '../../config/app-config';
import { metricsAccess } from './metrics-access';
import { MetricsService } from './metrics.service';

/** Prometheus metrics: for loopback scrapers, or for whoever holds METRICS_TOKEN when it is set. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  getMetrics(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const access = metricsAccess(
      req.socket.remoteAddress,
      req.headers.authorization,
      this.config.METRICS_TOKEN,
    );
    if (access === 'needs-token') {
      throw new DomainError(
        ErrorCode.Unauthorized,
        401,
        'The metrics need Authorization: Bearer <METRICS_TOKEN>.',
        undefined,
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    if (access === 'not-loopback') {
      throw new DomainError(
        ErrorCode.Forbidden,
        403,
        'The metrics are answered only on loopback (127.0.0.1, ::1); set METRICS_TOKEN to scrape them from elsewhere.',
      );
    }
    // Set here rather than with @Header, which would also label the JSON refusals as text.
    res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    return this.metrics.render();
  }
}
