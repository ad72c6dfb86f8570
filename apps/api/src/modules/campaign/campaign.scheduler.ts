import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
import { CampaignService } from './campaign.service';

/** Every minute: retry destinations Spotify could not resolve, and notice playlist edits. */
@Injectable()
export class CampaignScheduler {
  private readonly logger = new Logger(CampaignScheduler.name);
  private running = false;

  constructor(
    private readonly campaigns: CampaignService,
    private readonly config: AppConfig,
  ) {}

  @Interval('campaign-destination-recheck', 60_000)
  async recheck(): Promise<void> {
    if (this.running || this.config.SOUNDLINK_ROLE === 'api') return;
    this.running = true;
    try {
      const { checked, changed } = await this.campaigns.recheckDestinations();
      if (changed > 0) this.logger.log(`Destinations re-checked: ${checked}, changed: ${changed}`);
    } catch (error) {
      this.logger.warn(`Destination re-check failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
