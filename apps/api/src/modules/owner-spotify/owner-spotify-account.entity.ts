import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OwnerEntity } from '../auth/owner.entity';

/**
 * The owner's own Spotify account: Spotify lets an app read a playlist's items only with its owner's
 * or a collaborator's token. Tokens are stored encrypted (AES-256-GCM).
 */
@Entity('owner_spotify_accounts')
export class OwnerSpotifyAccountEntity {
  @PrimaryColumn({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @OneToOne(() => OwnerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner?: OwnerEntity;

  @Column({ name: 'spotify_user_id', type: 'varchar', length: 100 })
  spotifyUserId: string;

  @Column({ name: 'display_name', type: 'varchar', length: 300, nullable: true })
  displayName: string | null;

  @Column({ name: 'access_token_enc', type: 'text' })
  accessTokenEnc: string;

  @Column({ name: 'refresh_token_enc', type: 'text' })
  refreshTokenEnc: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  scope: string | null;

  @CreateDateColumn({ name: 'connected_at', type: 'timestamptz' })
  connectedAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
