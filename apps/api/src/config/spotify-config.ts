import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { SandboxConfig } from './sandbox-config';
import { emptyToUndefined, toInt } from './config-transforms';
import { ConfigVariable } from './config-variable.decorator';

/** The Spotify app, its endpoints, and how calls to it time out, retry and pause. */
export abstract class SpotifyConfig extends SandboxConfig {
  @ConfigVariable({
    description:
      'Client ID of your Spotify app. Unset: Soundlink runs the built-in Spotify sandbox (demo mode).',
    default: '(sandbox)',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[0-9a-zA-Z]{8,64}$/, {
    message: 'must be the 32-character client ID from the Spotify dashboard',
  })
  SPOTIFY_CLIENT_ID?: string;

  @ConfigVariable({ description: 'Client secret of your Spotify app.', default: '', sensitive: true })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SPOTIFY_CLIENT_SECRET?: string;

  @ConfigVariable({
    description: 'Spotify accounts service (OAuth) base URL.',
    default: 'https://accounts.spotify.com (sandbox: $PUBLIC_URL/sandbox/spotify)',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+[^/]$/, { message: 'must be an absolute http(s) URL without a trailing slash' })
  SPOTIFY_ACCOUNTS_URL?: string;

  @ConfigVariable({
    description: 'Spotify Web API base URL.',
    default: 'https://api.spotify.com/v1 (sandbox: $PUBLIC_URL/sandbox/spotify/v1)',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/\S+[^/]$/, { message: 'must be an absolute http(s) URL without a trailing slash' })
  SPOTIFY_API_URL?: string;

  @ConfigVariable({ description: 'Timeout of one Spotify request in milliseconds.', default: '10000' })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds between 100 and 120000' })
  @Min(100, { message: 'must be an integer number of milliseconds between 100 and 120000' })
  @Max(120000, { message: 'must be an integer number of milliseconds between 100 and 120000' })
  SPOTIFY_TIMEOUT_MS = 10000;

  @ConfigVariable({
    description:
      'Attempts of one Spotify call on 5xx, network errors, timeouts and 429 (the first included).',
    default: '4',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 10' })
  @Min(1, { message: 'must be an integer between 1 and 10' })
  @Max(10, { message: 'must be an integer between 1 and 10' })
  SPOTIFY_MAX_ATTEMPTS = 4;

  @ConfigVariable({
    description: 'Backoff of the first Spotify retry in milliseconds (full jitter, doubling per retry).',
    default: '500',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds between 1 and 60000' })
  @Min(1, { message: 'must be an integer number of milliseconds between 1 and 60000' })
  @Max(60000, { message: 'must be an integer number of milliseconds between 1 and 60000' })
  SPOTIFY_RETRY_BASE_MS = 500;

  @ConfigVariable({
    description:
      'How long all Spotify calls pause after Spotify reports the quota exceeded (at least its Retry-After), in seconds.',
    default: '3600',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of seconds between 1 and 86400' })
  @Min(1, { message: 'must be an integer number of seconds between 1 and 86400' })
  @Max(86400, { message: 'must be an integer number of seconds between 1 and 86400' })
  SPOTIFY_QUOTA_PAUSE_S = 3600;
}
