import { Global, Injectable, Module } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** What modules tell each other without depending on each other (in this process). */
export interface DomainEventMap {
  /** New attributions were stored (incremental runs; re-attributions announce the switch instead). */
  'attribution.created': {
    campaignIds: string[];
    count: number;
    rows: Array<{
      campaignId: string;
      playId: string;
      tier: string;
      credit: number;
      trackId: string;
      playedAt: Date;
      linkId: string;
    }>;
  };
  /** A campaign switched to a new attribution generation (a re-attribution finished). */
  'attribution.generation-switched': { campaignId: string; generation: number };
  /** A listener's data was erased (emitted after the erasing transaction committed), with the campaigns it touched. */
  'listener.erased': { listenerId: string; campaignIds: string[] };
  /**
   * Credentials stopped being valid (emitted after the change is stored): an API key or a session when named,
   * otherwise the owner's (disabled, or all of their sessions ended). Open live streams re-check their
   * principal at once (docs/analytics.md).
   */
  'auth.revoked': { ownerId?: string; apiKeyId?: string; sessionId?: string };
}

@Injectable()
export class DomainEvents {
  private readonly emitter = new EventEmitter({ captureRejections: true });

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  emit<K extends keyof DomainEventMap>(name: K, payload: DomainEventMap[K]): void {
    this.emitter.emit(name, payload);
  }

  on<K extends keyof DomainEventMap>(
    name: K,
    listener: (payload: DomainEventMap[K]) => void | Promise<void>,
  ): () => void {
    const wrapped = (payload: DomainEventMap[K]) => {
      void Promise.resolve()
        .then(() => listener(payload))
        .catch(() => undefined);
    };
    this.emitter.on(name, wrapped);
    return () => this.emitter.off(name, wrapped);
  }
}

@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
