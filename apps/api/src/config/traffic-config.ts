import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { SecretsConfig } from './secrets-config';
import { toInt } from './config-transforms';
import { ConfigVariable } from './config-variable.decorator';

const TRUST_PROXY_MESSAGE =
  'must be the number of reverse proxies in front of Soundlink, 0 to 10 (0 = none, 1 = one proxy such as nginx); "true" is no longer accepted because it trusts addresses a client can forge: give the hop count';

/** What one client may send: tracker-link clicks, sign-in and registration attempts, request bodies; and the proxies in front. */
export abstract class TrafficConfig extends SecretsConfig {
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
}
