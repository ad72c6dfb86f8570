import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { OwnerSpotifyAccountEntity } from './owner-spotify-account.entity';
import { OwnerSpotifyController } from './owner-spotify.controller';
import { OwnerSpotifyService } from './owner-spotify.service';

/** The campaign owner's own Spotify account (to read their playlists' tracks). */
@Module({
  imports: [TypeOrmModule.forFeature([OwnerSpotifyAccountEntity]), AuthModule],
  controllers: [OwnerSpotifyController],
  providers: [OwnerSpotifyService],
  exports: [OwnerSpotifyService],
})
export class OwnerSpotifyModule {}
