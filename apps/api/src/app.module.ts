import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { runPendingMigrations } from './database/migrate';
import { EventPartitionsModule } from './database/partitions/event-partitions.module';
import { DataSource, DataSourceOptions } from 'typeorm';
import { CacheModule } from './common/cache/cache.service';
import { DomainEventsModule } from './common/events/domain-events.service';
import { redactUrl } from './common/http/redact-url';
import { SecurityModule } from './common/security/security.module';
import { AnalyticsModule } from './modules/analytics/analytics.module';
import { AttributionModule } from './modules/attribution/attribution.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CampaignModule } from './modules/campaign/campaign.module';
import { RetentionModule } from './modules/retention/retention.module';
import { ListenerModule } from './modules/listener/listener.module';
import { OwnerSpotifyModule } from './modules/owner-spotify/owner-spotify.module';
import { DemoModule } from './modules/demo/demo.module';
import { HealthModule } from './modules/health/health.module';
import { InsightsModule } from './modules/insights/insights.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { PollingModule } from './modules/polling/polling.module';
import { SourceSandboxesModule } from './modules/source-sandboxes/source-sandboxes.module';
import { SourcesModule } from './modules/sources/sources.module';
import { SpotifyModule } from './modules/spotify/spotify.module';
import { TrendsModule } from './modules/trends/trends.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The database to use: DATABASE_URL, or the URL of the embedded PostgreSQL started for this process. */
  databaseUrl: string;
  /** Where the log lines go instead of stdout (tests read them). */
  logStream?: NodeJS.WritableStream;
}

const QUIET_PATHS = ['/health', '/health/live', '/health/ready', '/metrics'];

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logStream }: AppModuleOptions): DynamicModule {
    const pinoHttp: Options = {
      level: config.NODE_ENV === 'test' && config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
      // requestIdMiddleware (first in the chain) has already chosen the id.
      genReqId: (req: IncomingMessage) => req.id ?? randomUUID(),
      autoLogging: { ignore: (req) => QUIET_PATHS.includes((req.url ?? '').split('?')[0]) },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          // OAuth callbacks carry ?code=…&state=…: never in the log (common/http/redact-url.ts).
          url: redactUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    };
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: logStream ? [pinoHttp, logStream as DestinationStream] : pinoHttp,
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(
              databaseUrl,
              config.DATABASE_POOL_SIZE,
              config.DATABASE_STATEMENT_TIMEOUT_MS,
            ),
            retryAttempts: 5,
            retryDelay: 2000,
          }),
          // Migrations run at start, without the pool's statement timeout (database/migrate.ts).
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options as DataSourceOptions).initialize();
            try {
              await runPendingMigrations(dataSource);
            } catch (error) {
              await dataSource.destroy();
              throw error;
            }
            return dataSource;
          },
        }),
        SecurityModule,
        DomainEventsModule,
        MetricsModule,
        CacheModule,
        SpotifyModule,
        SourceSandboxesModule,
        AuditModule,
        AuthModule,
        ScheduleModule.forRoot(),
        EventPartitionsModule,
        OwnerSpotifyModule,
        CampaignModule,
        AttributionModule,
        ListenerModule,
        InsightsModule,
        PollingModule,
        SourcesModule,
        AnalyticsModule,
        TrendsModule,
        WebhooksModule,
        RetentionModule,
        DemoModule,
        HealthModule,
      ],
    };
  }
}
