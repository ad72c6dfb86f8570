import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';
import { ConfigVariable, describeVariables } from './config-variable.decorator';

export type SoundlinkRole = 'all' | 'api' | 'worker';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const emptyToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const TRUST_PROXY_MESSAGE =
  'must be the number of reverse proxies in front of Soundlink, 0 to 10 (0 = none, 1 = one proxy such as nginx); "true" is no longer accepted because it trusts addresses a client can forge: give the hop count';

/**
 * Every setting Soundlink reads from the environment, validated at boot.
 * A wrong value stops the start with one line naming the variable (see loadConfig).
 * `.env.example` and the README's table are written from the same descriptions.
 */
export class AppConfig {
  @ConfigVariable({ description: 'Runtime mode; "test" quietens logs.', default: 'production' })
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'production';

  @ConfigVariable({
    description: 'Interface the HTTP server binds to (0.0.0.0 in containers).',
    default: '127.0.0.1',
  })
  @IsString()
  @MinLength(1)
  HOST = '127.0.0.1';

  @ConfigVariable({ description: 'HTTP port of the API and the SPA.', default: '3000' })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 0 and 65535' })
  @Min(0, { message: 'must be an integer between 0 and 65535' })
  @Max(65535, { message: 'must be an integer between 0 and 65535' })
  PORT = 3000;

  @ConfigVariable({
    description: 'Public origin used in tracker links, OAuth redirect URIs and e-mails.',
    default: 'http://127.0.0.1:$PORT',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^/\s?#]+$/, {
    message: 'must be an origin such as https://soundlink.example (no path)',
  })
  PUBLIC_URL?: string;

  @ConfigVariable({
    description: 'Log level (fatal, error, warn, info, debug, trace, silent).',
    default: 'info',
  })
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: LogLevel = 'info';

  @ConfigVariable({
    description:
      'PostgreSQL server, e.g. postgres://user:pass@host:5432/soundlink. Unset: an embedded PostgreSQL (PGlite) under DATA_DIR.',
    default: '(embedded)',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s/]*@?[^\s/]+(:\d+)?\/[^\s/?]+(\?\S*)?$/, {
    message: 'must be a URL like postgres://user:password@host:5432/database',
  })
  DATABASE_URL?: string;

  @ConfigVariable({ description: 'Maximum connections in the database pool.', default: '10' })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 200' })
  @Min(1, { message: 'must be an integer between 1 and 200' })
  @Max(200, { message: 'must be an integer between 1 and 200' })
  DATABASE_POOL_SIZE = 10;

  @ConfigVariable({
    description:
      "The database server cancels any of the app's statements that runs longer, in milliseconds (0: never). Migrations at start and npm run analytics:rebuild run without it. The embedded PostgreSQL (PGlite) accepts it but cannot cancel a running statement.",
    default: '30000',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds between 0 and 3600000' })
  @Min(0, { message: 'must be an integer number of milliseconds between 0 and 3600000' })
  @Max(3600000, { message: 'must be an integer number of milliseconds between 0 and 3600000' })
  DATABASE_STATEMENT_TIMEOUT_MS = 30000;

  @ConfigVariable({
    description:
      'Redis for the live event fan-out across API processes, e.g. redis://host:6379. Unset: events reach the streams of the process that stored them (one process). See docs/analytics.md. Also holds the public trends cache, shared by every process (unset: each process caches in memory; docs/trends.md).',
    default: '',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a URL like redis://host:6379' })
  REDIS_URL?: string;

  @ConfigVariable({
    description:
      'Prefix of every Redis key Soundlink writes, so several deployments (or test runs) can share one Redis.',
    default: 'soundlink:',
  })
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, {
    message: 'must be 1 to 64 letters, digits or : _ . - characters',
  })
  REDIS_KEY_PREFIX = 'soundlink:';

  @ConfigVariable({
    description:
      'Live streams (GET /api/v1/campaigns/{id}/stream) one owner may hold open at once on one API process; more answer 429.',
    default: '10',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 1000' })
  @Min(1, { message: 'must be an integer between 1 and 1000' })
  @Max(1000, { message: 'must be an integer between 1 and 1000' })
  LIVE_STREAMS_PER_OWNER = 10;

  @ConfigVariable({
    description: 'Live streams one API process holds open at once, all owners together; more answer 429.',
    default: '1000',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 100000' })
  @Min(1, { message: 'must be an integer between 1 and 100000' })
  @Max(100000, { message: 'must be an integer between 1 and 100000' })
  LIVE_STREAMS_MAX = 1000;

  @ConfigVariable({
    description:
      'Live streams: bytes a stream may have waiting for a slow client before it is dropped (so are streams that do not drain within 30 s).',
    default: '1048576',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of bytes between 4096 and 67108864' })
  @Min(4096, { message: 'must be an integer number of bytes between 4096 and 67108864' })
  @Max(67108864, { message: 'must be an integer number of bytes between 4096 and 67108864' })
  LIVE_STREAM_BUFFER_BYTES = 1048576;

  @ConfigVariable({
    description:
      'Live streams: how often each open stream re-checks its API key or session and owner against the database, in milliseconds (revocations on this process, or on any process with REDIS_URL, end streams at once).',
    default: '30000',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds between 100 and 30000' })
  @Min(100, { message: 'must be an integer number of milliseconds between 100 and 30000' })
  @Max(30000, { message: 'must be an integer number of milliseconds between 100 and 30000' })
  LIVE_STREAM_RECHECK_MS = 30000;

  @ConfigVariable({
    description:
      'Bearer token for GET /metrics: when set, /metrics answers only `Authorization: Bearer <token>` (from anywhere). Unset: /metrics answers only loopback peers (the socket address, never X-Forwarded-For). At least 16 characters.',
    default: '',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[\x21-\x7e]{16,256}$/, {
    message: 'must be 16 to 256 printable characters without spaces',
  })
  METRICS_TOKEN?: string;

  @ConfigVariable({
    description:
      'Directory for local state: the embedded database and the generated keys. :memory: keeps nothing on disk.',
    default: './data',
  })
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @ConfigVariable({
    description:
      'AES-256-GCM key for Spotify tokens at rest: 32 bytes as 64 hex characters or base64. Unset: generated once under DATA_DIR (mode 0600).',
    default: '(generated)',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'must be 32 bytes: 64 hex characters or 44 base64 characters',
  })
  ENCRYPTION_KEY?: string;

  @ConfigVariable({
    description:
      'Secret that signs session cookies and OAuth state: at least 32 characters. Unset: generated once under DATA_DIR (mode 0600). Set the same value on every replica.',
    default: '(generated)',
    sensitive: true,
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  SESSION_SECRET?: string;

  @ConfigVariable({
    description: 'What this process runs: all (API + polling), api (HTTP only) or worker (polling only).',
    default: 'all',
  })
  @IsIn(['all', 'api', 'worker'])
  SOUNDLINK_ROLE: SoundlinkRole = 'all';

  @ConfigVariable({
    description:
      'Tracker-link clicks recorded per client IP: the burst allowed. Past it redirects still work but are not recorded. 0 turns the limit off.',
    default: '120',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of clicks (0 = no limit)' })
  @Min(0, { message: 'must be a whole number of clicks (0 = no limit)' })
  CLICK_RATE_LIMIT_BURST = 120;

  @ConfigVariable({
    description: 'Tracker-link clicks recorded per client IP: the sustained rate per second.',
    default: '2',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of clicks per second' })
  @Min(1, { message: 'must be at least 1 click per second' })
  CLICK_RATE_LIMIT_PER_SECOND = 2;

  @ConfigVariable({
    description:
      'Tracker-link clicks recorded per client IP: how many clients the limiter remembers; past it the least recently seen is forgotten.',
    default: '100000',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of clients between 10 and 10000000' })
  @Min(10, { message: 'must be a whole number of clients between 10 and 10000000' })
  @Max(10_000_000, { message: 'must be a whole number of clients between 10 and 10000000' })
  CLICK_RATE_LIMIT_MAX_CLIENTS = 100_000;

  @ConfigVariable({
    description:
      'Clicks waiting to be written (while the database is slow or down), in bytes; past it new clicks are not recorded (the redirect still works) and counted in soundlink_clicks_dropped_total.',
    default: '268435456',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of bytes between 65536 and 17179869184' })
  @Min(65536, { message: 'must be an integer number of bytes between 65536 and 17179869184' })
  @Max(17179869184, { message: 'must be an integer number of bytes between 65536 and 17179869184' })
  CLICK_BUFFER_MAX_BYTES = 268435456;

  @ConfigVariable({
    description:
      'Visits of unknown, disabled or expired tracker links (hourly counts) are kept this many days.',
    default: '30',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of days between 1 and 3650' })
  @Min(1, { message: 'must be an integer number of days between 1 and 3650' })
  @Max(3650, { message: 'must be an integer number of days between 1 and 3650' })
  ORPHAN_VISITS_RETENTION_DAYS = 30;

  @ConfigVariable({
    description:
      'Reverse proxies in front of Soundlink (hops): the client IP is the X-Forwarded-For entry that many hops from the right. 0: no proxy, the header is ignored.',
    default: '0',
  })
  @Transform(({ value }: { value: unknown }) =>
    value === 'false' ? 0 : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value,
  )
  @IsInt({ message: TRUST_PROXY_MESSAGE })
  @Min(0, { message: TRUST_PROXY_MESSAGE })
  @Max(10, { message: TRUST_PROXY_MESSAGE })
  TRUST_PROXY = 0;

  @ConfigVariable({
    description:
      'Sign-in attempts per account from one client IP (IPv6: per /64) in 15 minutes; a successful sign-in resets it. See docs/campaigns.md.',
    default: '5',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of attempts between 1 and 100000' })
  @Min(1, { message: 'must be a whole number of attempts between 1 and 100000' })
  @Max(100000, { message: 'must be a whole number of attempts between 1 and 100000' })
  LOGIN_RATE_LIMIT_PER_ACCOUNT_IP = 5;

  @ConfigVariable({
    description: 'Sign-in attempts from one client IP (IPv6: per /64), whatever the account, in 15 minutes.',
    default: '50',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of attempts between 1 and 100000' })
  @Min(1, { message: 'must be a whole number of attempts between 1 and 100000' })
  @Max(100000, { message: 'must be a whole number of attempts between 1 and 100000' })
  LOGIN_RATE_LIMIT_PER_IP = 50;

  @ConfigVariable({
    description:
      'Sign-in attempts per account in an hour from IPs that never signed in to it: slows guessing spread over many IPs, never locks out an IP the owner signed in from.',
    default: '20',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of attempts between 1 and 100000' })
  @Min(1, { message: 'must be a whole number of attempts between 1 and 100000' })
  @Max(100000, { message: 'must be a whole number of attempts between 1 and 100000' })
  LOGIN_RATE_LIMIT_PER_ACCOUNT = 20;

  @ConfigVariable({
    description: 'Account registrations from one client IP (IPv6: per /64) in an hour.',
    default: '10',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of registrations between 1 and 100000' })
  @Min(1, { message: 'must be a whole number of registrations between 1 and 100000' })
  @Max(100000, { message: 'must be a whole number of registrations between 1 and 100000' })
  REGISTER_RATE_LIMIT = 10;

  @ConfigVariable({ description: 'Largest accepted request body in bytes.', default: '1048576' })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of bytes between 1024 and 104857600' })
  @Min(1024, { message: 'must be an integer number of bytes between 1024 and 104857600' })
  @Max(104857600, { message: 'must be an integer number of bytes between 1024 and 104857600' })
  BODY_LIMIT_BYTES = 1048576;

  @ConfigVariable({
    description:
      'Largest streaming-history upload (one JSON file or the ZIP of them) a listener may import, in bytes.',
    default: '104857600',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of bytes between 1024 and 1073741824' })
  @Min(1024, { message: 'must be an integer number of bytes between 1024 and 1073741824' })
  @Max(1073741824, { message: 'must be an integer number of bytes between 1024 and 1073741824' })
  IMPORT_MAX_BYTES = 104857600;

  @ConfigVariable({
    description:
      'Largest total of unzipped JSON in one streaming-history ZIP, in bytes (guards against ZIP bombs).',
    default: '1073741824',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of bytes between 1024 and 4294967296' })
  @Min(1024, { message: 'must be an integer number of bytes between 1024 and 4294967296' })
  @Max(4294967296, { message: 'must be an integer number of bytes between 1024 and 4294967296' })
  IMPORT_MAX_UNZIPPED_BYTES = 1073741824;

  @ConfigVariable({
    description:
      'Streaming-history imports written at the same time by this process; later uploads wait in a queue (status queued, with their position).',
    default: '1',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 16' })
  @Min(1, { message: 'must be an integer between 1 and 16' })
  @Max(16, { message: 'must be an integer between 1 and 16' })
  IMPORTS_CONCURRENCY = 1;

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

  @ConfigVariable({
    description:
      'Polling (roles all and worker): how often the poller looks for due listeners, in milliseconds.',
    default: '1000',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of milliseconds between 50 and 60000' })
  @Min(50, { message: 'must be an integer number of milliseconds between 50 and 60000' })
  @Max(60000, { message: 'must be an integer number of milliseconds between 50 and 60000' })
  POLL_TICK_MS = 1000;

  @ConfigVariable({
    description: 'Polling: listeners this process polls at the same time.',
    default: '16',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer between 1 and 256' })
  @Min(1, { message: 'must be an integer between 1 and 256' })
  @Max(256, { message: 'must be an integer between 1 and 256' })
  POLL_CONCURRENCY = 16;

  @ConfigVariable({
    description:
      "Spotify Web API requests the app may send per 30-s window, all processes together (polls, sync, insights, catalog): counted in Redis with REDIS_URL, else in PostgreSQL with DATABASE_URL, else in memory (the embedded database: one process). A 429's Retry-After pauses every process through the same store.",
    default: '600',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of requests between 1 and 1000000' })
  @Min(1, { message: 'must be an integer number of requests between 1 and 1000000' })
  @Max(1000000, { message: 'must be an integer number of requests between 1 and 1000000' })
  POLL_BUDGET_PER_30S = 600;

  @ConfigVariable({
    description:
      "Polling: how long a claimed listener stays leased to this process, in seconds; a crashed process's leases expire after it.",
    default: '120',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of seconds between 1 and 3600' })
  @Min(1, { message: 'must be an integer number of seconds between 1 and 3600' })
  @Max(3600, { message: 'must be an integer number of seconds between 1 and 3600' })
  POLL_LEASE_S = 120;

  @ConfigVariable({
    description: 'Polling: interval for a listener who is playing music now, in seconds.',
    default: '120',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of seconds between 1 and 1500' })
  @Min(1, { message: 'must be an integer number of seconds between 1 and 1500' })
  @Max(1500, { message: 'must be an integer number of seconds between 1 and 1500' })
  POLL_ACTIVE_INTERVAL_S = 120;

  @ConfigVariable({
    description:
      "Polling: longest interval for an idle listener, in seconds. At most 1500: 50 plays of 30 s fill Spotify's 50-play window in 25 minutes.",
    default: '1200',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of seconds between 1 and 1500' })
  @Min(1, { message: 'must be an integer number of seconds between 1 and 1500' })
  @Max(1500, { message: 'must be an integer number of seconds between 1 and 1500' })
  POLL_MAX_INTERVAL_S = 1200;

  @ConfigVariable({
    description:
      'Public trends: an item (track or artist) is shown only when at least this many distinct listeners played it in the window (k-anonymity). Never lower than 5.',
    default: '10',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of listeners between 5 and 100000' })
  @Min(5, { message: 'must be an integer number of listeners between 5 and 100000' })
  @Max(100000, { message: 'must be an integer number of listeners between 5 and 100000' })
  TRENDS_MIN_LISTENERS = 10;

  @ConfigVariable({
    description:
      'Public trends: how long a computed chart is cached, in seconds (Redis when REDIS_URL is set, else memory). 0 turns the cache off.',
    default: '300',
  })
  @Transform(toInt)
  @IsInt({ message: 'must be an integer number of seconds between 0 and 86400' })
  @Min(0, { message: 'must be an integer number of seconds between 0 and 86400' })
  @Max(86400, { message: 'must be an integer number of seconds between 0 and 86400' })
  TRENDS_CACHE_TTL_S = 300;

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
  return config;
}
