import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OwnerEntity } from '../auth/owner.entity';
import { CampaignModule } from '../campaign/campaign.module';
import { OwnerSpotifyModule } from '../owner-spotify/owner-spotify.module';
import { DemoController } from './demo.controller';
import { DemoService } from './demo.service';

@Module({
  imports: [TypeOrmModule.forFeature([OwnerEntity]), CampaignModule, OwnerSpotifyModule],
  controllers: [DemoController],
  providers: [DemoService],
})
export class DemoModule {}
