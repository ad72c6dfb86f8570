import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';
import { ImportsConfig } from './imports-config';
import { emptyToUndefined } from './config-transforms';
import { ConfigVariable } from './config-variable.decorator';

/** The SPA served at /, the demo, and access to the Spotify sandbox's control API. */
export abstract class SandboxConfig extends ImportsConfig {
  @ConfigVariable({
    description:
      'Directory of the built SPA served at /. Unset: the build next to the API (dist/apps/web/browser).',
    default: '(built SPA)',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  @ConfigVariable({
    description:
      'The demo (sandbox mode only): a demo owner and campaign whose simulated listeners click, connect and play. auto: on in sandbox mode except in tests.',
    default: 'auto',
  })
  @IsIn(['auto', 'on', 'off'])
  SOUNDLINK_DEMO: 'auto' | 'on' | 'off' = 'auto';

  @ConfigVariable({
    description:
      'Sandbox mode: who may use the sandbox control API (/sandbox/spotify/_sandbox/… except info, catalog, samples and images). loopback: only requests from this machine, not relayed by a proxy; any: everyone.',
    default: 'loopback',
  })
  @IsIn(['loopback', 'any'])
  SANDBOX_CONTROL_ALLOW: 'loopback' | 'any' = 'loopback';

  @ConfigVariable({
    description:
      'Sandbox mode: a secret that also opens the sandbox control API from anywhere, sent as "Authorization: Bearer <token>".',
    default: '(none)',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  SANDBOX_CONTROL_TOKEN?: string;
}
