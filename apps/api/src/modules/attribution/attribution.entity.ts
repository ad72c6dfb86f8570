import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AttributionTier = 'high' | 'medium' | 'low';

/**
 * One play credited to one campaign, with why. A play that qualifies for several campaigns has one row per
 * campaign whose `credit` values sum to 1, so totals across campaigns never double count. Rows belong to a
 * campaign's attribution `generation`: re-attribution writes the next generation and switches the campaign
 * to it when complete, so the old results stay readable meanwhile.
 */
@Entity('attributions')
@Index('UQ_attributions_play_campaign_generation', ['playId', 'campaignId', 'generation'], { unique: true })
@Index('IX_attributions_campaign_time', ['campaignId', 'generation', 'playedAt'])
@Index('IX_attributions_listener', ['listenerId'])
export class AttributionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'play_id', type: 'bigint' })
  playId: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ type: 'integer', default: 1 })
  generation: number;

  /** The click credited: the latest eligible one (documented in docs/attribution.md). */
  @Column({ name: 'click_id', type: 'uuid' })
  clickId: string;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId: string;

  /**
   * The credited click's utm_source ('' for none), copied from the click so the figures by channel stay the
   * same after the raw click is removed by retention (docs/operations.md, "Retention").
   */
  @Column({ name: 'utm_source', type: 'varchar', length: 100, default: '' })
  utmSource: string;

  @Column({ name: 'listener_id', type: 'uuid' })
  listenerId: string;

  @Column({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;

  @Column({ name: 'played_at', type: 'timestamptz' })
  playedAt: Date;

  @Column({ name: 'clicked_at', type: 'timestamptz' })
  clickedAt: Date;

  /** Confidence 0..1. */
  @Column({ type: 'real' })
  score: number;

  @Column({ type: 'varchar', length: 6 })
  tier: AttributionTier;

  /** Reason codes, e.g. CONTEXT_DESTINATION, TIME_DECAY, NEW_REACH, PLAYLIST_VERIFIED. */
  @Column({ type: 'text', array: true })
  reasons: string[];

  /** This campaign's share of the play, 0..1; the shares of one play sum to 1. */
  @Column({ type: 'real' })
  credit: number;

  @Column({ name: 'model_version', type: 'varchar', length: 10 })
  modelVersion: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
