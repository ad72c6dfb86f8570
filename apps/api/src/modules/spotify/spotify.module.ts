import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { SpotifyCatalog } from './spotify-catalog.service';
import { SPOTIFY_CLIENT_OPTIONS, spotifyClientOptionsFromConfig } from './spotify-client.options';
import { SpotifyClient } from './spotify.client';
import { SpotifyController } from './spotify.controller';
import { SpotifyEndpoints } from './spotify-endpoints.service';
import { SpotifyMetrics } from './spotify-metrics.service';
import { SpotifyRateLimiter } from './spotify-rate-limiter.service';
import { SpotifyRequestBudget } from './spotify-request-budget.service';
import { SpotifySandboxHost } from './spotify-sandbox-host.service';
import { SpotifyStrategy } from './spotify.strategy';

/**
 * Everything Spotify: endpoints (Spotify or the in-process sandbox), the Web API client with its shared
 * rate limiter, the catalog cache, the passport-spotify strategy (used by the listener connect flow). Global, so feature modules (listeners, owners,
 * polling) inject SpotifyClient / SpotifyCatalog / SpotifyEndpoints without importing it.
 */
@Global()
@Module({
  controllers: [SpotifyController],
  providers: [
    { provide: SPOTIFY_CLIENT_OPTIONS, useFactory: spotifyClientOptionsFromConfig, inject: [AppConfig] },
    SpotifyEndpoints,
    SpotifySandboxHost,
    SpotifyRequestBudget,
    SpotifyRateLimiter,
    SpotifyMetrics,
    SpotifyClient,
    SpotifyCatalog,
    SpotifyStrategy,
  ],
  exports: [
    SPOTIFY_CLIENT_OPTIONS,
    SpotifyEndpoints,
    SpotifySandboxHost,
    SpotifyRequestBudget,
    SpotifyRateLimiter,
    SpotifyClient,
    SpotifyCatalog,
    SpotifyStrategy,
  ],
})
export class SpotifyModule {}
