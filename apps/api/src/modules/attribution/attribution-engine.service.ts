import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { PlaySpan } from '../listener/play-ingest.repository';
import { lockPlayRows } from '../listener/plays.repository';
import { candidatesOfListeners, candidatesOfPlays } from './attribution-candidates.repository';
import { AttributedRow, scoreRows } from './attribution-scores';
import {
  dequeuePlays,
  insertAttributions,
  lockAllWriters,
  lockShared,
  rebalanceCredits,
} from './attribution.repository';

/**
 * For a transaction that removed attributions (a campaign or a link deleted), under `lockAllWriters`: the
 * plays that lost one are attributed again (a play may still qualify through another click) and their credit
 * is split again over the campaigns that hold them.
 */
export async function reattributePlays(manager: EntityManager, playIds: string[]): Promise<void> {
  if (playIds.length === 0) return;
  await insertAttributions(manager, scoreRows(await candidatesOfPlays(manager, playIds)));
  await rebalanceCredits(manager, playIds);
}

@Injectable()
export class AttributionEngine {
  lockAllWriters = lockAllWriters;
  rebalance = rebalanceCredits;
  insert = insertAttributions;

  /**
   * Attributes these plays inside the caller's transaction: writes what qualifies (a row already there is
   * kept) and rebalances the credit of the plays written to over all campaigns, with those plays' rows locked
   * (a play no campaign qualifies for is left alone: nothing is written for it). `dequeue` takes the plays
   * off the sweep's queue (the sweep takes its own rows off as it reads them). `rescore`: plays stored
   * before whose scores the new plays may change (same listener and track, played later): they are locked
   * first, so a run attributing them elsewhere has committed (or waits for this one), then scored again and
   * their rows updated where the score, reasons or click changed. `writersLocked`: this transaction holds the
   * writers' lock already (the statement that stored the plays took it). `span`: the played_at of every play
   * in `playIds` and `rescore` lies in it (an ingest knows), so the statements read only those months' partitions;
   * `sweepWindowHours`: the sweep's (see candidatesOfPlays).
   */
  async attribute(
    manager: EntityManager,
    playIds: string[],
    {
      dequeue = true,
      rescore = [],
      writersLocked = false,
      span,
      sweepWindowHours,
    }: {
      dequeue?: boolean;
      rescore?: string[];
      writersLocked?: boolean;
      span?: PlaySpan;
      sweepWindowHours?: number;
    } = {},
  ): Promise<AttributedRow[]> {
    if (playIds.length === 0 && rescore.length === 0) return [];
    if (!writersLocked) await lockShared(manager);
    const again = [...new Set(rescore)].sort((x, y) => Number(x) - Number(y));
    await lockPlayRows(manager, again, span);
    const candidates = await this.candidatesForPlays(manager, [...playIds, ...again], span, sweepWindowHours);
    const touched = [...new Set(candidates.map((row) => row.playId))].sort((x, y) => Number(x) - Number(y));
    const lockedAlready = new Set(again);
    await lockPlayRows(
      manager,
      touched.filter((id) => !lockedAlready.has(id)),
      span,
    );
    const written = await this.insert(manager, candidates, again);
    await this.rebalance(manager, touched);
    // Rows a sweep has taken are its to delete (waiting for them could deadlock with it: it waits for the plays).
    if (dequeue && playIds.length > 0) await dequeuePlays(manager, playIds);
    return written;
  }

  /**
   * Candidates of one listener's plays for one campaign, written to `generation` (re-attribution). Credit
   * shares are computed against every campaign the play qualifies for, as in incremental runs.
   */
  async candidatesForCampaign(
    manager: EntityManager,
    campaignId: string,
    generation: number,
    listenerIds: string[],
    afterPlayId = '0',
  ): Promise<AttributedRow[]> {
    const rows = await candidatesOfListeners(manager, campaignId, generation, listenerIds, afterPlayId);
    return scoreRows(rows).filter((row) => row.campaignId === campaignId);
  }

  /** Candidates of specific plays (just ingested by a poll or a sync; `span`: see candidatesOfPlays). */
  async candidatesForPlays(
    manager: EntityManager,
    playIds: string[],
    span?: PlaySpan,
    sweepWindowHours?: number,
  ): Promise<AttributedRow[]> {
    return scoreRows(await candidatesOfPlays(manager, playIds, span, sweepWindowHours));
  }
}
