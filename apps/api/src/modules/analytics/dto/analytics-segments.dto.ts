import { ApiProperty } from '@nestjs/swagger';
import { SEGMENTS } from '../analytics-segments.repository';
import { CompletenessDto, RangeDto } from './analytics.dto';

export class SegmentArtistDto {
  @ApiProperty({ description: 'Spotify artist id.' }) id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Name, when the catalog knows it.' })
  name!: string | null;
}

export class SegmentFigureDto {
  @ApiProperty({
    enum: SEGMENTS,
    description:
      'new: no play of the artists observed in the 28 days before the click, none before either; reactivated: none in those 28 days, some before; amplified: played them in those 28 days and more per day after; steady: played them in those 28 days, not more after; unknown: less than 28 days of history observed before the click.',
  })
  segment!: string;

  @ApiProperty({ description: 'Listeners reached in the range who fall in this segment.' })
  listeners!: number;

  @ApiProperty({ description: 'Attributed plays in the range of those listeners.' })
  plays!: number;

  @ApiProperty({ description: 'listeners / all listeners reached (0..1, 6 decimals); 0 when none.' })
  share!: number;

  @ApiProperty({ description: 'plays / all their attributed plays (0..1, 6 decimals); 0 when none.' })
  playsShare!: number;
}

export class ObservedDaysBucketDto {
  @ApiProperty({ description: 'Observed days, inclusive.' }) fromDays!: number;
  @ApiProperty({ description: 'Observed days, exclusive.' }) toDays!: number;
  @ApiProperty() listeners!: number;
}

export class SegmentCoverageDto {
  @ApiProperty({ description: 'Listeners whose whole 28 days before the click were observed.' })
  fullyObserved!: number;

  @ApiProperty({ nullable: true, type: Number, description: 'fullyObserved / listeners; null when none.' })
  share!: number | null;

  @ApiProperty({
    description:
      'Of the fully observed, those whose history reaches further back than the 28 days (only they can be found reactivated).',
  })
  withOlderHistory!: number;

  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Mean days observed in the 28 days before the click, over the unknown listeners.',
  })
  unknownMeanObservedDays!: number | null;

  @ApiProperty({
    type: [ObservedDaysBucketDto],
    description: 'Unknown listeners by days observed before the click: [0,1), [1,7), [7,14), [14,28).',
  })
  unknownByObservedDays!: ObservedDaysBucketDto[];
}

export class SegmentsDto {
  @ApiProperty({ type: RangeDto }) range!: RangeDto;

  @ApiProperty({ description: 'The look-back before the click, in days (28).' })
  baselineDays!: number;

  @ApiProperty({ description: "The after-click window: the campaign's attribution window, in hours." })
  afterWindowHours!: number;

  @ApiProperty({
    type: [SegmentArtistDto],
    description: "The campaign's artists (at most 50 listed, by name; artistCount has them all).",
  })
  artists!: SegmentArtistDto[];

  @ApiProperty() artistCount!: number;

  @ApiProperty({ description: 'Listeners reached in the range (first attributed play in it).' })
  listeners!: number;

  @ApiProperty({ description: 'Attributed plays in the range of those listeners.' })
  plays!: number;

  @ApiProperty({
    type: [SegmentFigureDto],
    description: 'Always the five segments, in the order new, reactivated, amplified, steady, unknown.',
  })
  segments!: SegmentFigureDto[];

  @ApiProperty({ type: SegmentCoverageDto }) coverage!: SegmentCoverageDto;

  @ApiProperty({ type: CompletenessDto }) completeness!: CompletenessDto;
}
