import type { CampaignStatus } from './campaign.entity';

/**
 * The campaign lifecycle. A draft goes live or is archived; a live campaign can pause and resume, end, or
 * be archived; an ended campaign can only be archived; an archived one can be restored to ended.
 */
const TRANSITIONS: Record<CampaignStatus, readonly CampaignStatus[]> = {
  draft: ['active', 'archived'],
  active: ['paused', 'ended', 'archived'],
  paused: ['active', 'ended', 'archived'],
  ended: ['archived'],
  archived: ['ended'],
};

export function allowedTransitions(from: CampaignStatus): readonly CampaignStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: CampaignStatus, to: CampaignStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}
