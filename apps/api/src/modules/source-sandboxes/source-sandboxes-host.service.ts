import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  createLastfmSandbox,
  createListenBrainzSandbox,
  DEFAULT_LASTFM_APP,
  LastfmApp,
  LastfmSandbox,
  ListenBrainzSandbox,
  sourceUserName,
} from '@soundlink/sources-sandbox';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { AppConfig } from '../../config/app-config';
import { SpotifyEndpoints } from '../spotify/spotify-endpoints.service';
import { SpotifySandboxHost } from '../spotify/spotify-sandbox-host.service';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Where the in-process Last.fm and ListenBrainz emulators live, below the API's public origin. */
export const LASTFM_SANDBOX_PATH = '/sandbox/lastfm';
export const LISTENBRAINZ_SANDBOX_PATH = '/sandbox/listenbrainz';

/**
 * Sandbox mode (no SPOTIFY_CLIENT_ID): runs the Last.fm and ListenBrainz emulators inside the API process
 * under /sandbox/lastfm and /sandbox/listenbrainz, beside the Spotify one, on its clock and mirroring its
 * plays (libs/sources-sandbox). With the demo on, every simulated Spotify listener also scrobbles to both.
 * With a Spotify app configured it does nothing: no emulator, and those paths are unknown routes.
 */
@Injectable()
export class SourceSandboxesHost implements OnModuleDestroy {
  private readonly logger = new Logger('Sandbox');
  private instances: { lastfm: LastfmSandbox; listenbrainz: ListenBrainzSandbox } | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly endpoints: SpotifyEndpoints,
    private readonly spotifyHost: SpotifySandboxHost,
  ) {}

  get enabled(): boolean {
    return this.config.spotifyMode === 'sandbox';
  }

  /** The running emulators (tests and demo tooling drive them through their programmatic API). */
  get lastfm(): LastfmSandbox {
    return this.running().lastfm;
  }

  get listenbrainz(): ListenBrainzSandbox {
    return this.running().listenbrainz;
  }

  /** Last.fm's API root (`…/2.0/`) and web-authentication page (`…/api/auth/`) in sandbox mode. */
  get lastfmApiUrl(): string {
    return `${this.endpoints.publicUrl}${LASTFM_SANDBOX_PATH}/2.0/`;
  }

  get lastfmAuthUrl(): string {
    return `${this.endpoints.publicUrl}${LASTFM_SANDBOX_PATH}/api/auth/`;
  }

  /** The API account the Last.fm emulator accepts. */
  get lastfmApp(): LastfmApp {
    return DEFAULT_LASTFM_APP;
  }

  /** ListenBrainz's API root (`…/1/…` below it) in sandbox mode. */
  get listenbrainzUrl(): string {
    return `${this.endpoints.publicUrl}${LISTENBRAINZ_SANDBOX_PATH}`;
  }

  private running() {
    if (!this.instances)
      throw new Error('The Last.fm and ListenBrainz sandboxes are not running (not sandbox mode).');
    return this.instances;
  }

  /** Called by bootstrap after the Spotify sandbox is mounted: offers every request to both emulators first. */
  mount(server: Server): void {
    if (!this.enabled || this.instances) return;
    const spotify = this.spotifyHost.sandbox;
    const common = {
      clock: spotify.clock,
      spotify,
      control: { allow: this.config.SANDBOX_CONTROL_ALLOW, token: this.config.SANDBOX_CONTROL_TOKEN },
      logger: { info: (msg: string) => this.logger.log(msg), warn: (msg: string) => this.logger.warn(msg) },
    };
    const lastfm = createLastfmSandbox({
      ...common,
      basePath: LASTFM_SANDBOX_PATH,
      publicUrl: `${this.endpoints.publicUrl}${LASTFM_SANDBOX_PATH}`,
    });
    const listenbrainz = createListenBrainzSandbox({
      ...common,
      basePath: LISTENBRAINZ_SANDBOX_PATH,
      publicUrl: this.listenbrainzUrl,
    });
    this.instances = { lastfm, listenbrainz };
    if (this.config.demoEnabled) this.linkSimulatedListeners();
    const next = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (lastfm.handle(req, res) || listenbrainz.handle(req, res)) return;
      for (const listener of next) listener.call(server, req, res);
    });
    this.logger.log(
      `Sandbox mode: Last.fm and ListenBrainz emulators answer at ${this.endpoints.publicUrl}${LASTFM_SANDBOX_PATH} ` +
        `and ${this.listenbrainzUrl}.`,
    );
  }

  /** The demo's simulated listeners scrobble to both services, under a user name made from their own. */
  private linkSimulatedListeners(): void {
    const spotify = this.spotifyHost.sandbox;
    const { lastfm, listenbrainz } = this.running();
    const names = new Map(spotify.catalog().users.map((u) => [u.id, u.displayName]));
    for (const id of spotify.info().listenerIds) {
      const userName = sourceUserName(names.get(id) ?? id);
      if (!lastfm.store.get(userName)) lastfm.createUser({ userName, spotifyUserId: id });
      if (!listenbrainz.store.get(userName)) listenbrainz.createUser({ userName, spotifyUserId: id });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.instances?.lastfm.close(), this.instances?.listenbrainz.close()]);
  }
}
