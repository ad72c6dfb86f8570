import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One OAuth `state` nonce: its signature proves we issued it, this row makes it single-use. */
@Entity('oauth_states')
export class OAuthStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 43 })
  nonce: string;

  @Column({ type: 'varchar', length: 30 })
  purpose: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
