import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { AllExceptionsFilter, toErrorResponse } from './common/errors/all-exceptions.filter';
import { DomainError } from './common/errors/api-error';
import { createValidationPipe } from './common/errors/validation';
import { bodyParsers } from './common/http/body-parsers';
import { closeServer, putInFront } from './common/http/front-door';
import { requestIdMiddleware } from './common/http/request-id';
import { spaHandlers } from './common/http/spa';
import { AppConfig, loadConfig } from './config/app-config';
import { EmbeddedPostgres, startEmbeddedPostgresThread } from './database/embedded-postgres';
import { httpMetricsMiddleware } from './modules/metrics/http-metrics.middleware';
import { RedirectHandler } from './modules/campaign/redirect/redirect.handler';
import { DemoService } from './modules/demo/demo.service';
import { HealthService } from './modules/health/health.service';
import { HISTORY_UPLOAD_PATH } from './modules/insights/insights.controller';
import { MetricsService } from './modules/metrics/metrics.service';
import { SourceSandboxesHost } from './modules/source-sandboxes/source-sandboxes-host.service';
import { SpotifySandboxHost } from './modules/spotify/spotify-sandbox-host.service';
import { buildOpenApiDocument } from './openapi';

export interface SoundlinkServer {
  app: NestExpressApplication;
  config: AppConfig;
  /** The base URL the server listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  /**
   * Shuts down: /health/ready answers 503 at once, the process keeps serving for SHUTDOWN_DRAIN_MS (so load
   * balancers stop sending traffic), then drains requests and closes the app and the database (and the embedded
   * PostgreSQL it started).
   */
  close(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  /** Listen on this port instead of PORT (0 = a free port; tests use it). */
  port?: number;
  /** Where the log lines go instead of stdout (tests read them). */
  logStream?: NodeJS.WritableStream;
}

function sendError(error: DomainError, req: Request, res: Response): void {
  res
    .status(error.status)
    .json({ ...toErrorResponse(error, req), ...(req.id ? { requestId: String(req.id) } : {}) });
}

/** Applies everything that is the same wherever the app runs: security headers, parsers, errors, docs, SPA. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // A hop count: req.ip is the X-Forwarded-For entry that many proxies from the right (0: the socket's address).
  app.set('trust proxy', config.TRUST_PROXY);
  app.use(requestIdMiddleware);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'img-src': ["'self'", 'data:', 'https:'],
          'connect-src': ["'self'"],
          'upgrade-insecure-requests': config.publicUrl.startsWith('https:') ? [] : null,
        },
      },
      hsts: config.publicUrl.startsWith('https:'),
    }),
  );
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.use(cookieParser());
  // The streaming-history upload reads its own body, up to IMPORT_MAX_BYTES (docs/insights.md).
  const streamed = (req: Request) =>
    req.method === 'POST' && req.path.toLowerCase().replace(/\/+$/, '') === HISTORY_UPLOAD_PATH;
  for (const handler of bodyParsers(config.BODY_LIMIT_BYTES, sendError, streamed)) app.use(handler);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'health/live', 'health/ready', 'metrics'] });

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
    customSiteTitle: 'Soundlink API',
  });

  const webDir = config.WEB_DIST_DIR ?? join(__dirname, '..', 'web', 'browser');
  for (const handler of spaHandlers(webDir)) app.use(handler);
}

/** Starts Soundlink: configuration, database (embedded unless DATABASE_URL), the Nest app, the HTTP server. */
export async function startSoundlink(options: StartOptions = {}): Promise<SoundlinkServer> {
  const config = loadConfig(options.env ?? process.env);
  const logger = new NestLogger('Soundlink');
  const embedded: EmbeddedPostgres | undefined = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgresThread({
        dataDir: config.DATA_DIR === ':memory:' ? undefined : config.DATA_DIR,
      });
  const databaseUrl = config.DATABASE_URL ?? (embedded as EmbeddedPostgres).url;
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({ config, databaseUrl, logStream: options.logStream }),
      {
        bodyParser: false,
        bufferLogs: true,
        abortOnError: false,
      },
    );
    configureApp(app, config);
    await app.listen(options.port ?? config.PORT, config.HOST);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const redirect = app.get(RedirectHandler);
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  // Without PUBLIC_URL, links and redirect URIs use the address actually bound (PORT=0 picks a free port).
  config.PUBLIC_URL ??= url;
  // Sandbox mode: the Spotify emulator answers /sandbox/spotify/... in front of Express (no-op otherwise).
  app.get(SpotifySandboxHost).mount(app.getHttpServer(), url);
  // …and the Last.fm and ListenBrainz emulators at /sandbox/lastfm and /sandbox/listenbrainz, on its clock.
  app.get(SourceSandboxesHost).mount(app.getHttpServer());
  // Tracker links are answered ahead of everything else (the sandbox, Express): the redirect is the hottest path (docs/architecture.md).
  putInFront(app.getHttpServer(), (req, res) => redirect.handle(req, res));
  if (embedded) logger.log(`Embedded PostgreSQL (PGlite) at ${embedded.location}`);
  // Sandbox mode without tests: a demo owner and simulated listeners (docs/demo.md).
  void app.get(DemoService).start(url);

  let closing: Promise<void> | undefined;
  return {
    app,
    config,
    url,
    close: () =>
      (closing ??= (async () => {
        app.get(HealthService).startDraining();
        if (config.SHUTDOWN_DRAIN_MS > 0)
          await new Promise((done) => setTimeout(done, config.SHUTDOWN_DRAIN_MS));
        // Stop taking requests first, so clicks still arriving are in the buffer before it is drained.
        await closeServer(app.getHttpServer(), 10_000);
        await app.close();
        await embedded?.stop();
      })()),
  };
}
