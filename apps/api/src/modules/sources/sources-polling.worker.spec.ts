import type { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from '../../config/app-config';
import type { SourceKind } from './listening-source.entity';
import type { SourceRow } from './listening-sources.repository';
import { sourceSlots } from './source-rate-gate.service';
import type { SourcesPollingService } from './sources-polling.service';
import { SourcesPollingWorker } from './sources-polling.worker';

/**
 * The worker's share of slots per source: Last.fm polls waiting for Last.fm's 4 requests/s must not hold
 * every slot while ListenBrainz listeners are due (bench:polling: with both behind at once, 2.9 + 7.1
 * requests/s before, 3.8 + 9.4 after).
 */
describe('SourcesPollingWorker', () => {
  /** A poller with `due` sources of each kind waiting; the polls it starts never end until `finish`. */
  function worker(due: Record<SourceKind, number>) {
    const claims: Array<{ kind: SourceKind; limit: number }> = [];
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const polling = {
      claimDue: async (limit: number, kind: SourceKind) => {
        claims.push({ kind, limit });
        const n = Math.min(limit, due[kind]);
        due[kind] -= n;
        return Array.from({ length: n }, (_, i) => ({ id: `${kind}-${i}`, kind }) as SourceRow);
      },
      poll: () => finished,
    } as unknown as SourcesPollingService;
    const config = { POLL_CONCURRENCY: 16, POLL_TICK_MS: 1000, SOUNDLINK_ROLE: 'worker' } as AppConfig;
    return { worker: new SourcesPollingWorker(config, polling, {} as SchedulerRegistry), claims, finish };
  }

  it('gives each source at most its share of the slots, so a rate-limited one leaves room for the other', async () => {
    const { worker: w, claims, finish } = worker({ lastfm: 1000, listenbrainz: 1000 });
    await w.tick();
    expect(claims).toEqual([
      { kind: 'lastfm', limit: sourceSlots('lastfm') },
      { kind: 'listenbrainz', limit: 16 - sourceSlots('lastfm') },
    ]);
    expect(sourceSlots('lastfm')).toBe(6);
    // Every slot busy: the next round claims nothing.
    await w.tick();
    expect(claims).toHaveLength(2);
    finish();
    await w.idle();
    // Slots free again: each source claims its share anew.
    await w.tick();
    expect(claims.slice(2).map((c) => c.kind)).toEqual(['lastfm', 'listenbrainz']);
    finish();
  });

  it('lets one source alone use its whole share when the other has nothing due', async () => {
    const { worker: w, claims, finish } = worker({ lastfm: 0, listenbrainz: 1000 });
    await w.tick();
    expect(claims).toEqual([
      { kind: 'lastfm', limit: 6 },
      { kind: 'listenbrainz', limit: sourceSlots('listenbrainz') },
    ]);
    expect(sourceSlots('listenbrainz')).toBe(15);
    finish();
    await w.idle();
  });
});
