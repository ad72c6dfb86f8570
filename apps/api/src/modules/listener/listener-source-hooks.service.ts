import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What the listening-sources module (Last.fm, ListenBrainz: apps/api/src/modules/sources) does for the
 * listener's own API. It registers itself here at start: it imports this module, so this module cannot
 * import it back.
 */
export interface ListenerSourceParticipant {
  /** Tables it erases and exports itself (the erasure's by-name loops leave them alone). */
  readonly tables: readonly string[];
  /** Deletes the listener's sources in the erasure's transaction. */
  erase(manager: EntityManager, listenerId: string): Promise<void>;
  /** The listener's sources as their export shows them (never a credential). */
  export(listenerId: string): Promise<Array<Record<string, unknown>>>;
  /** Whether one of the listener's sources has been read since `since` or earlier (active, connected by then). */
  observedSince(manager: EntityManager, listenerId: string, since: Date): Promise<boolean>;
  /** The sources beside Spotify this deployment offers (Last.fm only with an API key or its sandbox). */
  offered(): Array<'lastfm' | 'listenbrainz'>;
  /** Reads the listener's active sources now; null when they have none. */
  sync(listenerId: string): Promise<{ newPlays: number; attributedPlays: number } | null>;
}

@Injectable()
export class ListenerSourceHooks {
  private participant: ListenerSourceParticipant | undefined;

  register(participant: ListenerSourceParticipant): void {
    this.participant = participant;
  }

  get sources(): ListenerSourceParticipant | undefined {
    return this.participant;
  }
}
