import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createSpotifySandbox, SpotifySandbox } from '@soundlink/spotify-sandbox';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { AppConfig } from '../../config/app-config';
import {
  SANDBOX_BASE_PATH,
  SANDBOX_CLIENT_ID,
  SANDBOX_CLIENT_SECRET,
  SpotifyEndpoints,
} from './spotify-endpoints.service';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Sandbox mode (no SPOTIFY_CLIENT_ID): runs the Spotify emulator inside the API process under
 * /sandbox/spotify, in front of Express. With a Spotify app configured it does nothing at all: no sandbox
 * is created and /sandbox/spotify/... is an unknown route like any other.
 */
@Injectable()
export class SpotifySandboxHost implements OnModuleDestroy {
  private readonly logger = new Logger('Spotify');
  private instance: SpotifySandbox | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly endpoints: SpotifyEndpoints,
  ) {}

  get enabled(): boolean {
    return this.config.spotifyMode === 'sandbox';
  }

  /** The running sandbox (tests and demo tooling drive it through its programmatic API). */
  get sandbox(): SpotifySandbox {
    if (!this.instance)
      throw new Error('The Spotify sandbox is not running (not sandbox mode, or not mounted yet).');
    return this.instance;
  }

  /**
   * Called by bootstrap right after the server listens: records the real listening URL (port 0 in tests)
   * and, in sandbox mode, creates the sandbox and offers every request to it before Express.
   */
  mount(server: Server, listeningUrl: string): void {
    this.endpoints.setListeningUrl(listeningUrl);
    if (!this.enabled || this.instance) return;
    const redirect = this.endpoints.redirectUris;
    const sandbox = createSpotifySandbox({
      basePath: SANDBOX_BASE_PATH,
      // The demo's background listeners make public trends and insights non-empty.
      simulation: { enabled: this.config.demoEnabled },
      publicUrl: this.endpoints.sandboxUrl,
      clients: [
        {
          clientId: SANDBOX_CLIENT_ID,
          clientSecret: SANDBOX_CLIENT_SECRET,
          redirectUris: Object.values(redirect),
        },
      ],
      // Reset, clock, tokens, faults, users, plays: this machine only unless configured (sandbox README).
      control: { allow: this.config.SANDBOX_CONTROL_ALLOW, token: this.config.SANDBOX_CONTROL_TOKEN },
      logger: { info: (msg) => this.logger.log(msg), warn: (msg) => this.logger.warn(msg) },
    });
    this.instance = sandbox;
    const express = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (sandbox.handle(req, res)) return;
      for (const listener of express) listener.call(server, req, res);
    });
    this.logger.log(
      `Spotify sandbox mode: no SPOTIFY_CLIENT_ID is configured, so the built-in Spotify emulator answers at ` +
        `${this.endpoints.accountsUrl} (accounts) and ${this.endpoints.apiUrl} (Web API).`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.instance?.close();
  }
}
