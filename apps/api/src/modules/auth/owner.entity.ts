import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type OwnerRole = 'owner' | 'admin';

@Entity('owners')
export class OwnerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_owners_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  @Column({ type: 'varchar', length: 10, default: 'owner' })
  role: OwnerRole;

  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone: string;

  /** Default days the owner's raw clicks are kept (a campaign may override); null: the operator's maximum. */
  @Column({ name: 'click_retention_days', type: 'integer', nullable: true })
  clickRetentionDays: number | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
