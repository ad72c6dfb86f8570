import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AttributionJobStatus = 'queued' | 'running' | 'done' | 'failed';

/** A background re-attribution of one campaign's stored plays (after a window change or a new model). */
@Entity('attribution_jobs')
@Index('IX_attribution_jobs_campaign', ['campaignId', 'createdAt'])
export class AttributionJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ type: 'varchar', length: 10, default: 'queued' })
  status: AttributionJobStatus;

  @Column({ type: 'varchar', length: 30 })
  reason: string;

  /** The generation being written; the campaign switches to it when the job is done. */
  @Column({ type: 'integer' })
  generation: number;

  @Column({ type: 'integer', default: 0 })
  total: number;

  @Column({ type: 'integer', default: 0 })
  processed: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
