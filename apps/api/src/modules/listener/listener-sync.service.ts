import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

/** The polling service's public face, as far as the listener page needs it. */
export interface ListenerPoller {
  pollListenerNow(listenerId: string): Promise<unknown>;
}

/** The class name the polling module exports its service under (apps/api/src/modules/polling). */
const POLLING_SERVICE = 'PollingService';

/**
 * Finds the polling service when the polling module is part of the app, without importing it (the two
 * modules are built in parallel; the listener module must not depend on a file that may not exist yet).
 * When it is absent, "Sync now" reads Spotify itself (ListenerService.syncDirectly).
 */
@Injectable()
export class PollerLocator {
  private cached: ListenerPoller | null | undefined;

  constructor(private readonly discovery: DiscoveryService) {}

  poller(): ListenerPoller | undefined {
    if (this.cached === undefined) {
      const found = this.discovery
        .getProviders()
        .find(
          (wrapper) =>
            wrapper.metatype?.name === POLLING_SERVICE &&
            typeof (wrapper.instance as Partial<ListenerPoller> | undefined)?.pollListenerNow === 'function',
        );
      this.cached = (found?.instance as ListenerPoller | undefined) ?? null;
    }
    return this.cached ?? undefined;
  }
}
