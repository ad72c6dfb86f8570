import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignModule } from '../campaign/campaign.module';
import { AttributionQueueEntity } from './attribution-queue.entity';
import { AttributionJobEntity } from './attribution-job.entity';
import { AttributionController } from './attribution.controller';
import { AttributionEngine } from './attribution-engine.service';
import { AttributionListService } from './attribution-list.service';
import { AttributionEntity } from './attribution.entity';
import { AttributionService } from './attribution.service';
import { ExplanationService } from './explanation.service';
import { ReattributionService } from './reattribution.service';

/** Links plays to campaigns with an explainable confidence (model v1, docs/attribution.md). */
@Module({
  imports: [
    TypeOrmModule.forFeature([AttributionEntity, AttributionJobEntity, AttributionQueueEntity]),
    CampaignModule,
  ],
  controllers: [AttributionController],
  providers: [
    AttributionEngine,
    AttributionListService,
    AttributionService,
    ReattributionService,
    ExplanationService,
  ],
  exports: [AttributionService, ReattributionService],
})
export class AttributionModule {}
