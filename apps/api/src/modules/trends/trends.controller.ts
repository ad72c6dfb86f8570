import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../../common/errors/api-error';
import { Public } from '../auth/auth.decorators';
import { TrendsQueryDto, TypedTrendsQueryDto } from './dto/trends-query.dto';
import { TrendsDto } from './dto/trends.dto';
import { TrendsService } from './trends.service';

const PRIVACY =
  'Only items played by at least TRENDS_MIN_LISTENERS distinct listeners in the window appear (anonymised aggregates; docs/trends.md). Only plays read from connected Spotify accounts count: imported streaming history never does.';

@ApiTags('trends')
@Public()
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'A query parameter is not valid (field and reason).',
})
@Controller('trends')
export class TrendsController {
  constructor(private readonly trends: TrendsService) {}

  @Get('tracks')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary: 'The most listened tracks of the window, by distinct listeners (then plays). No sign-in.',
    description: PRIVACY,
  })
  @ApiOkResponse({ type: TrendsDto })
  getTrendingTracks(@Query() query: TrendsQueryDto): Promise<TrendsDto> {
    return this.trends.list('track', query.window, 'top', query.limit);
  }

  @Get('artists')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary: 'The most listened artists of the window, by distinct listeners (then plays). No sign-in.',
    description: PRIVACY,
  })
  @ApiOkResponse({ type: TrendsDto })
  getTrendingArtists(@Query() query: TrendsQueryDto): Promise<TrendsDto> {
    return this.trends.list('artist', query.window, 'top', query.limit);
  }

  @Get('rising')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary: 'Tracks or artists gaining listeners against the previous window, by growth. No sign-in.',
    description: `Rising: a significant rise of the share of distinct listeners (one-sided binomial test at 1 %) of at least 1.5 times; one listener's plays count once, so a binge is never a trend. ${PRIVACY}`,
  })
  @ApiOkResponse({ type: TrendsDto })
  getRisingTrends(@Query() query: TypedTrendsQueryDto): Promise<TrendsDto> {
    return this.trends.list(query.type, query.window, 'rising', query.limit);
  }

  @Get('new')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary:
      "New entries: items of this window's top 100 that were not in the previous window's. No sign-in.",
    description: PRIVACY,
  })
  @ApiOkResponse({ type: TrendsDto })
  getNewTrendEntries(@Query() query: TypedTrendsQueryDto): Promise<TrendsDto> {
    return this.trends.list(query.type, query.window, 'newEntries', query.limit);
  }
}
