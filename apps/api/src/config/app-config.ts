import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { describeVariables } from './config-variable.decorator';
import { RetentionConfig } from './retention-config';

export type { LogLevel } from './server-config';
export type { SoundlinkRole } from './secrets-config';

/**
 * Every setting Soundlink reads from the environment, validated at boot.
 * A wrong value stops the start with one line naming the variable (see loadConfig).
 * `.env.example` and the README's table are written from the same descriptions.
 *
 * The variables are declared by section in the classes this one extends, deepest first: ServerConfig,
 * LiveStreamsConfig, SecretsConfig, TrafficConfig, ImportsConfig, SandboxConfig, SpotifyConfig, PollingConfig,
 * TrendsConfig, WebhooksConfig, SourcesConfig, RetentionConfig. That order is the order they are documented and validated in (the first wrong one is reported),
 * so a new variable goes at the end of its section, and this class declares none itself: class-validator checks
 * a class's own properties before the inherited ones.
 */
export class AppConfig extends RetentionConfig {
  /** The origin the outside world reaches this server at. */
  get publicUrl(): string {
    if (this.PUBLIC_URL) return this.PUBLIC_URL;
    const host = this.HOST === '0.0.0.0' || this.HOST === '::' ? '127.0.0.1' : this.HOST;
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.PORT}`;
  }

  /** Cookies get the Secure flag when the public origin is HTTPS. */
  get secureCookies(): boolean {
    return this.publicUrl.startsWith('https:');
  }

  /** The demo runs only against the sandbox, never with real Spotify credentials. */
  get demoEnabled(): boolean {
    if (this.spotifyMode !== 'sandbox' || this.SOUNDLINK_DEMO === 'off') return false;
    return this.SOUNDLINK_DEMO === 'on' || this.NODE_ENV !== 'test';
  }

  /** Sandbox mode: no Spotify app is configured, so the in-process Spotify sandbox stands in for Spotify. */
  get spotifyMode(): 'sandbox' | 'spotify' {
    return this.SPOTIFY_CLIENT_ID ? 'spotify' : 'sandbox';
  }
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

function firstProblem(errors: ValidationError[]): { variable: string; reason: string } | undefined {
  for (const error of errors) {
    const reason = Object.values(error.constraints ?? {})[0];
    if (reason) {
      // class-validator prefixes some messages with the property name; keep the reason only.
      return { variable: error.property, reason: reason.replace(new RegExp(`^${error.property}\\s+`), '') };
    }
  }
  return undefined;
}

/** Reads and validates the configuration; throws a ConfigError naming the first wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  if (env['ADMIN_EMAILS']?.trim()) {
    // It granted admin to whoever registered a listed address first (registration is open, emails unverified).
    throw new ConfigError(
      'ADMIN_EMAILS',
      'is no longer supported: remove it and grant admin to an existing account with `npm run admin -- grant EMAIL` (docs/campaigns.md)',
    );
  }
  const known = new Set(describeVariables(AppConfig).map((v) => v.name));
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (known.has(key) && value !== undefined) raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const problem = firstProblem(validateSync(config, { whitelist: false, forbidUnknownValues: false }));
  if (problem) {
    const given = raw[problem.variable];
    const shown = describeVariables(AppConfig).find((v) => v.name === problem.variable)?.sensitive
      ? ''
      : ` (got "${given}")`;
    throw new ConfigError(problem.variable, `${problem.reason}${given === undefined ? '' : shown}`);
  }
  if (config.SPOTIFY_CLIENT_ID && !config.SPOTIFY_CLIENT_SECRET) {
    throw new ConfigError('SPOTIFY_CLIENT_SECRET', 'must be set when SPOTIFY_CLIENT_ID is set');
  }
  if (config.POLL_MAX_INTERVAL_S < config.POLL_ACTIVE_INTERVAL_S) {
    throw new ConfigError(
      'POLL_MAX_INTERVAL_S',
      `must be at least POLL_ACTIVE_INTERVAL_S (${config.POLL_ACTIVE_INTERVAL_S})`,
    );
  }
  if (config.SOURCE_POLL_IDLE_INTERVAL_S < config.SOURCE_POLL_ACTIVE_INTERVAL_S) {
    throw new ConfigError(
      'SOURCE_POLL_IDLE_INTERVAL_S',
      `must be at least SOURCE_POLL_ACTIVE_INTERVAL_S (${config.SOURCE_POLL_ACTIVE_INTERVAL_S})`,
    );
  }
  if (config.CLICK_PII_RETENTION_DAYS > config.CLICK_RETENTION_DAYS) {
    throw new ConfigError(
      'CLICK_PII_RETENTION_DAYS',
      `must be at most CLICK_RETENTION_DAYS (${config.CLICK_RETENTION_DAYS}): the hashed IP and user agent go with the click`,
    );
  }
  return config;
}
