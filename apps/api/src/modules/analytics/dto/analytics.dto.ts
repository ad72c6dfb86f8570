import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GRANULARITIES, TIERS } from './analytics-query.dto';

export class RangeDto {
  @ApiProperty({ description: 'Inclusive start, rounded down to the hour.' })
  from!: string;

  @ApiProperty({ description: 'Exclusive end, rounded up to the hour.' })
  to!: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  tz!: string;

  @ApiProperty({ enum: GRANULARITIES })
  granularity!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  linkId!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  utmSource!: string | null;

  @ApiPropertyOptional({ nullable: true, enum: TIERS, type: String })
  tier!: string | null;
}

export class RawDataHorizonDto {
  @ApiProperty({
    description:
      "Days this campaign's raw clicks are kept (its own setting, else the owner's default, capped by the server's CLICK_RETENTION_DAYS).",
  })
  clickRetentionDays!: number;

  @ApiProperty({
    format: 'date-time',
    description:
      'Raw clicks made before this instant were removed by retention: the figures still count them (from the rollups), but the raw export and the explanations no longer have them.',
  })
  rawClicksSince!: string;

  @ApiProperty({ description: "Days raw plays are kept (the server's PLAY_RETENTION_DAYS)." })
  playRetentionDays!: number;

  @ApiProperty({
    format: 'date-time',
    description: 'Raw plays before this instant were removed by retention.',
  })
  rawPlaysSince!: string;

  @ApiProperty({ description: 'The range starts before rawClicksSince: part of it is only in the rollups.' })
  rangeBeforeRawClicks!: boolean;
}

export class CompletenessDto {
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Share (0..1) of the connected listener-time in the range (from first connect to disconnection or now) that polling observed: not in an observation gap, not while the listener needed to reconnect or was blocked by the dev-mode cap, not in the silence before a reconnect; null when no listener was connected.',
  })
  share!: number | null;

  @ApiProperty({
    description: 'Listeners connected through the campaign whose connection overlaps the range.',
  })
  listeners!: number;

  @ApiProperty({ description: 'Connected listener-time in the range, in hours.' })
  connectedHours!: number;

  @ApiProperty({
    description: 'Of which not observed (observation gaps, and times nobody polled the listener), in hours.',
  })
  gapHours!: number;

  @ApiProperty({ description: 'When this figure was computed (it is cached for up to 30 seconds).' })
  computedAt!: string;
}

export class FunnelRatesDto {
  @ApiProperty({ nullable: true, type: Number, description: 'uniqueVisitors / clicks' })
  visitorsPerClick!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'connects / uniqueVisitors' })
  connectsPerVisitor!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'connectsReached / connects: share of the listeners who connected in the range that have an attributed play.',
  })
  listenersPerConnect!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'attributedPlays / activeListeners: attributed plays in the range per listener who made them.',
  })
  playsPerListener!: number | null;
}

export class ListenerTypesDto {
  @ApiProperty({ description: 'Had not played a campaign track before their click (new reach).' })
  new!: number;

  @ApiProperty({ description: 'Had played a campaign track before their click (in their pre-click plays).' })
  existing!: number;
}

export class FunnelDto {
  @ApiProperty({ type: RangeDto }) range!: RangeDto;
  @ApiProperty({ description: 'Clicks, bots and HEAD requests excluded.' }) clicks!: number;
  @ApiProperty({ description: 'Bot and HEAD clicks (recorded, not counted).' }) botClicks!: number;
  @ApiProperty({ description: 'First visits of a visitor to the campaign.' }) uniqueVisitors!: number;
  @ApiProperty({
    description:
      'Listeners who connected Spotify through a click of the campaign in the range (counted at their first linked click; listeners already connected when they clicked are not connects).',
  })
  connects!: number;
  @ApiProperty({
    description:
      'Listeners already connected when they first clicked the campaign in the range (a connected browser goes straight to the music): counted apart from connects.',
  })
  alreadyConnected!: number;
  @ApiProperty({
    description:
      'Of the connects in the range, listeners with an attributed play on the campaign (at any time).',
  })
  connectsReached!: number;
  @ApiProperty({ description: 'Listeners whose first attributed play on the campaign is in the range.' })
  listeners!: number;
  @ApiProperty({ type: ListenerTypesDto }) listenerTypes!: ListenerTypesDto;
  @ApiProperty({ description: 'Attributed plays (count) in the range, current attribution generation.' })
  attributedPlays!: number;
  @ApiProperty({ description: 'Distinct listeners with an attributed play in the range.' })
  activeListeners!: number;
  @ApiProperty({ description: 'Σ credit of the attributed plays (fractional when plays are shared).' })
  creditedPlays!: number;
  @ApiProperty({ type: FunnelRatesDto }) rates!: FunnelRatesDto;
  @ApiProperty({ type: CompletenessDto }) completeness!: CompletenessDto;
  @ApiProperty({ type: RawDataHorizonDto }) rawData!: RawDataHorizonDto;
}

export class TierCountsDto {
  @ApiProperty() high!: number;
  @ApiProperty() medium!: number;
  @ApiProperty() low!: number;
}

export class TimeseriesPointDto {
  @ApiProperty({ description: 'Start of the bucket (an instant; the bucket is local to the time zone).' })
  start!: string;
  @ApiProperty() clicks!: number;
  @ApiProperty() uniqueVisitors!: number;
  @ApiProperty({
    description:
      'Listeners who connected through a click in this bucket (already connected listeners excluded).',
  })
  connects!: number;
  @ApiProperty() attributedPlays!: number;
  @ApiProperty({ type: TierCountsDto }) attributedPlaysByTier!: TierCountsDto;
  @ApiProperty() creditedPlays!: number;
  @ApiProperty({ description: 'Listeners whose first attributed play is in this bucket.' })
  listeners!: number;
}

export class TimeseriesDto {
  @ApiProperty({ type: RangeDto }) range!: RangeDto;
  @ApiProperty({ type: [TimeseriesPointDto] }) points!: TimeseriesPointDto[];
  @ApiProperty({ type: CompletenessDto }) completeness!: CompletenessDto;
}

export class TopTrackDto {
  @ApiProperty() trackId!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ type: [String] }) artistNames!: string[];
  @ApiProperty({ nullable: true, type: String }) imageUrl!: string | null;
  @ApiProperty() attributedPlays!: number;
  @ApiProperty() creditedPlays!: number;
  @ApiProperty({ description: 'Share of the attributed plays in the range.' }) share!: number;
}

export class TopTracksDto {
  @ApiProperty({ type: RangeDto }) range!: RangeDto;
  @ApiProperty({ type: [TopTrackDto] }) items!: TopTrackDto[];
  @ApiProperty({ type: CompletenessDto }) completeness!: CompletenessDto;
}

export class LinkStatsDto {
  @ApiProperty() linkId!: string;
  @ApiProperty() label!: string;
  @ApiProperty() slug!: string;
  @ApiProperty({ nullable: true, type: String }) utmSource!: string | null;
  @ApiProperty() clicks!: number;
  @ApiProperty() uniqueVisitors!: number;
  @ApiProperty() connects!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'connects / uniqueVisitors' })
  connectRate!: number | null;
  @ApiProperty() attributedPlays!: number;
  @ApiProperty() creditedPlays!: number;
  @ApiProperty() listeners!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'attributedPlays / clicks' })
  playsPerClick!: number | null;
}

export class ChannelStatsDto {
  @ApiProperty({ nullable: true, type: String, description: 'utm_source of the clicks; null: none.' })
  utmSource!: string | null;
  @ApiProperty() clicks!: number;
  @ApiProperty() uniqueVisitors!: number;
  @ApiProperty() connects!: number;
  @ApiProperty({ nullable: true, type: Number }) connectRate!: number | null;
  @ApiProperty() attributedPlays!: number;
  @ApiProperty() creditedPlays!: number;
  @ApiProperty() listeners!: number;
  @ApiProperty({ nullable: true, type: Number }) playsPerClick!: number | null;
}

export class LinksDto {
  @ApiProperty({ type: RangeDto }) range!: RangeDto;
  @ApiProperty({ type: [LinkStatsDto] }) links!: LinkStatsDto[];
  @ApiProperty({ type: [ChannelStatsDto], description: 'The same figures by utm_source.' })
  channels!: ChannelStatsDto[];
  @ApiProperty({ type: CompletenessDto }) completeness!: CompletenessDto;
}

export class RetentionWindowDto {
  @ApiProperty({ example: 'days1to7' }) window!: string;
  @ApiProperty({
    description:
      'First day after the listener’s first attributed play (day 0 = the 24 hours from that play, never counted).',
  })
  fromDay!: number;
  @ApiProperty({ description: 'Last day, inclusive.' }) toDay!: number;
  @ApiProperty({ description: 'Cohort listeners whose window has fully passed.' }) eligible!: number;
  @ApiProperty({ description: 'Of those, listeners who played a campaign track again in the window.' })
  retained!: number;
  @ApiProperty({ nullable: true, type: Number }) share!: number | null;
}

export class RetentionDto {
  @ApiProperty({ type: RangeDto }) range!: RangeDto;
  @ApiProperty({ description: 'Attributed listeners whose first attributed play is in the range.' })
  cohort!: number;
  @ApiProperty({ type: [RetentionWindowDto] }) windows!: RetentionWindowDto[];
  @ApiProperty({ type: CompletenessDto }) completeness!: CompletenessDto;
}

export class LiftGroupDto {
  @ApiProperty({
    description:
      'Listeners in the group (exposed: connected listeners whose first counted click of the campaign is in the range, whether they played or not; control: connected listeners who never clicked it).',
  })
  listeners!: number;
  @ApiProperty({ description: 'Of those, listeners observed for some time in the before period.' })
  beforeListeners!: number;
  @ApiProperty({ description: 'Of those, listeners observed for some time in the after period.' })
  afterListeners!: number;
  @ApiProperty({ description: 'Observed listener-days in the before period (observation gaps excluded).' })
  beforeObservedDays!: number;
  @ApiProperty({ description: 'Observed listener-days in the after period (observation gaps excluded).' })
  afterObservedDays!: number;
  @ApiProperty({ description: 'Campaign-track plays observed in the before period.' }) beforePlays!: number;
  @ApiProperty({ description: 'Campaign-track plays observed in the after period.' }) afterPlays!: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'beforePlays / beforeObservedDays; null with no observed day.',
  })
  beforePerDay!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'afterPlays / afterObservedDays; null with no observed day.',
  })
  afterPerDay!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'afterPerDay - beforePerDay.' })
  changePerDay!: number | null;
}

export class LiftIntervalDto {
  @ApiProperty({ description: 'Lower bound (2.5th percentile of the bootstrap estimates).' }) low!: number;
  @ApiProperty({ description: 'Upper bound (97.5th percentile of the bootstrap estimates).' }) high!: number;
}

export class LiftMethodDto {
  @ApiProperty({ description: 'The before period: this many days before the anchor.' }) beforeDays!: number;
  @ApiProperty({ description: "The after period: the campaign's attribution window, in hours." })
  afterHours!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "The control group's anchor: the (lower) median of the exposed listeners' click times; null without exposed listeners.",
  })
  controlAnchor!: string | null;
  @ApiProperty({ description: 'Connected listeners who did not click the campaign (the control pool).' })
  controlPool!: number;
  @ApiProperty({
    description:
      'At most this many of the pool form the control group: a fixed pseudo-random sample (a hash of listener and campaign id) when the pool is larger.',
  })
  controlSample!: number;
  @ApiProperty({ description: 'Bootstrap resamples.' }) resamples!: number;
  @ApiProperty({ description: 'Seed of the bootstrap draws: the same data always gives the same interval.' })
  seed!: number;
  @ApiProperty({ description: 'Minimum listeners observed per group and period.' }) minListeners!: number;
  @ApiProperty({ description: 'Minimum observed listener-days per group and period.' })
  minObservedDays!: number;
}

export const LIFT_STATUSES = ['ok', 'notEnoughData'] as const;

export class LiftDto {
  @ApiProperty({ type: RangeDto }) range!: RangeDto;
  @ApiProperty({
    enum: LIFT_STATUSES,
    description: 'notEnoughData: a group or period is below the documented minimums (see reason).',
  })
  status!: (typeof LIFT_STATUSES)[number];
  @ApiProperty({ nullable: true, type: String, description: 'Why there is not enough data; null when ok.' })
  reason!: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'Difference in differences, in campaign-track plays per observed listener-day: (exposed after - before) - (control after - before). Null when not enough data.',
  })
  estimatePerDay!: number | null;
  @ApiProperty({
    nullable: true,
    type: LiftIntervalDto,
    description: 'Bootstrap 95 % interval of the estimate (listeners resampled within each group).',
  })
  interval!: LiftIntervalDto | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      "The exposed group's expected after rate without the campaign: its before rate plus the control group's change.",
  })
  counterfactualPerDay!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description:
      'estimatePerDay / counterfactualPerDay (0.25 = 25 % more); null when the counterfactual is not positive.',
  })
  relative!: number | null;
  @ApiProperty({ type: LiftGroupDto }) exposed!: LiftGroupDto;
  @ApiProperty({ type: LiftGroupDto }) control!: LiftGroupDto;
  @ApiProperty({ type: LiftMethodDto }) method!: LiftMethodDto;
  @ApiProperty({ type: CompletenessDto }) completeness!: CompletenessDto;
}

export class CompletenessResponseDto {
  @ApiProperty({ type: RangeDto }) range!: RangeDto;
  @ApiProperty({ type: CompletenessDto }) completeness!: CompletenessDto;
}
