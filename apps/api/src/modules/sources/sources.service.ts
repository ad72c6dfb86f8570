import { Injectable, OnModuleInit } from '@nestjs/common';
import { ListenerSourceHooks } from '../listener/listener-source-hooks.service';
import { ListenerService } from '../listener/listener.service';
import { ListenerRepository } from '../listener/listener.repository';
import type { ConnectedSourceKind, ListenerSourceDto } from './dto/sources.dto';
import { ListeningSourcesRepository } from './listening-sources.repository';
import { SourceEndpoints } from './source-endpoints.service';
import { sourceNotConnected } from './sources.errors';
import { SourcesPollingService } from './sources-polling.service';

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/**
 * The listener's sources as their page shows them (Spotify included), disconnecting one, and the sources'
 * part of the listener's sync, export and erasure (registered with the listener module at start).
 */
@Injectable()
export class SourcesService implements OnModuleInit {
  constructor(
    private readonly repository: ListeningSourcesRepository,
    private readonly polling: SourcesPollingService,
    private readonly listeners: ListenerRepository,
    private readonly listenerService: ListenerService,
    private readonly hooks: ListenerSourceHooks,
    private readonly endpoints: SourceEndpoints,
  ) {}

  onModuleInit(): void {
    this.hooks.register({
      tables: ['listening_sources'],
      erase: (manager, listenerId) => this.repository.deleteOfListener(manager, listenerId),
      export: (listenerId) => this.repository.exportOfListener(listenerId),
      sync: (listenerId) => this.sync(listenerId),
      observedSince: (manager, listenerId, since) => this.repository.activeSince(manager, listenerId, since),
      offered: () => (this.endpoints.lastfmEnabled ? ['lastfm', 'listenbrainz'] : ['listenbrainz']),
    });
  }

  async list(listenerId: string): Promise<ListenerSourceDto[]> {
    const items: ListenerSourceDto[] = [];
    const listener = await this.listeners.find(listenerId);
    if (listener?.spotify_user_id) {
      items.push({
        kind: 'spotify',
        accountName: listener.display_name,
        status: listener.status,
        connectedAt: iso(listener.consented_at) as string,
        lastPolledAt: iso(listener.last_polled_at),
      });
    }
    for (const row of await this.repository.ofListener(listenerId)) {
      items.push({
        kind: row.kind,
        accountName: row.account_name,
        status: row.status,
        connectedAt: iso(row.connected_at) as string,
        lastPolledAt: iso(row.last_polled_at),
      });
    }
    return items;
  }

  /** Credential deleted, reading stopped; what was recorded stays until the listener erases it. */
  async disconnect(listenerId: string, kind: ConnectedSourceKind): Promise<void> {
    if (kind === 'spotify') {
      const listener = await this.listeners.find(listenerId);
      if (!listener?.spotify_user_id) throw sourceNotConnected(kind);
      await this.listenerService.disconnect(listenerId);
      return;
    }
    if (!(await this.repository.disconnect(listenerId, kind))) throw sourceNotConnected(kind);
  }

  /** Polls the listener's active Last.fm and ListenBrainz accounts now; null when they have none. */
  async sync(listenerId: string): Promise<{ newPlays: number; attributedPlays: number } | null> {
    const active = (await this.repository.ofListener(listenerId)).filter((s) => s.status === 'active');
    if (active.length === 0) return null;
    const results = await this.polling.pollListenerNow(listenerId);
    return {
      newPlays: results.reduce((n, r) => n + r.inserted, 0),
      attributedPlays: results.reduce((n, r) => n + r.attributed, 0),
    };
  }
}
