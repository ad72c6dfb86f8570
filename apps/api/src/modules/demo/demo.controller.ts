import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { DemoService } from './demo.service';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses';

export class DemoInfoDto {
  @ApiProperty({
    description: 'True in sandbox mode (no Spotify credentials configured), unless turned off.',
  })
  enabled: boolean;

  @ApiPropertyOptional({ example: 'demo@soundlink.demo' })
  email?: string;

  @ApiPropertyOptional({ example: 'soundlink-demo-2026' })
  password?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  campaignId?: string;

  @ApiPropertyOptional({
    description:
      'The sandbox lets the demo connect more listeners than Spotify’s development mode allows (5).',
  })
  devModeCapRaised?: boolean;
}

@ApiTags('demo')
@Controller('demo')
export class DemoController {
  constructor(private readonly demo: DemoService) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Whether the demo runs, and the demo owner’s sign-in (sandbox mode only).',
    description:
      'The demo owner is an ordinary owner (never an admin) whose password is public; with the demo off it is disabled and its sessions and API keys revoked.',
  })
  @ApiOkResponse({ type: DemoInfoDto })
  @ApiErrorResponses([
    400,
    'MalformedJson: the request carried a body (none is needed) that is not valid JSON.',
  ])
  getDemo(): DemoInfoDto {
    const info = this.demo.current;
    return info ? { enabled: true, ...info, devModeCapRaised: true } : { enabled: false };
  }
}
