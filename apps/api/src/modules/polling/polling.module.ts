import { Module } from '@nestjs/common';
import { AttributionModule } from '../attribution/attribution.module';
import { ListenerModule } from '../listener/listener.module';
import { PollingController } from './polling.controller';
import { PollingMetrics } from './polling-metrics.service';
import { PollingRepository } from './polling.repository';
import { PollingService } from './polling.service';
import { PollingWorker } from './polling.worker';

/**
 * Polling of listeners' recently played tracks (see docs/polling.md). PollingService is exported for the
 * listener module's "sync now"; PollingWorker runs the tick loop in roles all and worker.
 * New plays are attributed through AttributionModule's service in the transaction that stores them.
 * Needs ScheduleModule.forRoot(), SpotifyModule and SecurityModule (global) and MetricsModule.
 */
@Module({
  imports: [AttributionModule, ListenerModule],
  controllers: [PollingController],
  providers: [PollingRepository, PollingMetrics, PollingService, PollingWorker],
  exports: [PollingService],
})
export class PollingModule {}
