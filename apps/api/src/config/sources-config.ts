import { Transform } from 'class-transformer';
import { IsOptional, IsString, Matches } from 'class-validator';
import { emptyToUndefined } from './config-transforms';
import { ConfigVariable } from './config-variable.decorator';
import { WebhooksConfig } from './webhooks-config';

const URL_RULE = /^https?:\/\/\S+[^/]$/;
const URL_MESSAGE = { message: 'must be an absolute http(s) URL without a trailing slash' };

/** Listening sources beside Spotify: Last.fm and ListenBrainz (docs/listeners.md). */
export abstract class SourcesConfig extends WebhooksConfig {
  @ConfigVariable({
    description:
      'API key of your Last.fm API account (https://www.last.fm/api/account/create). Unset in sandbox mode: the mounted Last.fm sandbox with its own app; unset otherwise: Last.fm is not offered.',
    default: '(sandbox)',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[0-9a-zA-Z]{8,64}$/, { message: 'must be the 32-character API key of your Last.fm API account' })
  LASTFM_API_KEY?: string;

  @ConfigVariable({
    description: 'Shared secret of your Last.fm API account (signs auth.getSession).',
    default: '',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  LASTFM_SHARED_SECRET?: string;

  @ConfigVariable({
    description: 'Last.fm API root (method calls).',
    default: 'https://ws.audioscrobbler.com/2.0 (sandbox: $PUBLIC_URL/sandbox/lastfm/2.0)',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(URL_RULE, URL_MESSAGE)
  LASTFM_API_URL?: string;

  @ConfigVariable({
    description: 'Last.fm web site, whose /api/auth/ page lets a listener allow Soundlink.',
    default: 'https://www.last.fm (sandbox: $PUBLIC_URL/sandbox/lastfm)',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(URL_RULE, URL_MESSAGE)
  LASTFM_AUTH_URL?: string;

  @ConfigVariable({
    description: 'ListenBrainz API root.',
    default: 'https://api.listenbrainz.org (sandbox: $PUBLIC_URL/sandbox/listenbrainz)',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(URL_RULE, URL_MESSAGE)
  LISTENBRAINZ_API_URL?: string;
}
