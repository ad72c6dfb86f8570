import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { AppConfig } from '../../config/app-config';
import { tooManyAttempts } from './auth.errors';
import { clientIpKey } from './client-ip-key';

const LOGIN_WINDOW_S = 15 * 60;
const ACCOUNT_WINDOW_S = 60 * 60;
const REGISTER_WINDOW_S = 60 * 60;
/** How long an IP that signed in to an account stays exempt from its cross-IP limit (under setTimeout's 24.8-day cap: the memory store expires keys by timer). */
const KNOWN_IP_S = 21 * 24 * 60 * 60;

/**
 * Sign-in and sign-up limits (docs/campaigns.md, "Sign-in limits"). Every counter is consumed atomically
 * BEFORE the database read and the password hash, so parallel guesses cannot slip past a check that is
 * recorded only afterwards:
 *
 * - per account and client IP (IPv6: /64): LOGIN_RATE_LIMIT_PER_ACCOUNT_IP attempts in 15 minutes, reset by
 *   a successful sign-in: the strict limit on guessing one password from one place;
 * - per client IP: LOGIN_RATE_LIMIT_PER_IP attempts in 15 minutes, whatever the account (password spraying);
 * - per account: LOGIN_RATE_LIMIT_PER_ACCOUNT attempts in an hour, counted only for IPs that have never
 *   signed in to (or registered) that account in the last 21 days: guessing spread over many IPs is slowed,
 *   while the owner's own IP is never locked out by someone else's failures;
 * - registrations per client IP: REGISTER_RATE_LIMIT in an hour (each costs an argon2 hash).
 *
 * The counters live in Redis when REDIS_URL is set (shared by every API process, atomic Lua increments),
 * else in this process's memory. A Redis outage falls back to memory counters (insurance limiter).
 */
@Injectable()
export class AuthRateLimits implements OnModuleDestroy {
  private readonly logger = new Logger('AuthRateLimits');
  private readonly redis?: Redis;
  private readonly perAccountIp: RateLimiterAbstract;
  private readonly perIp: RateLimiterAbstract;
  private readonly perAccount: RateLimiterAbstract;
  private readonly register: RateLimiterAbstract;
  /** Not a limit: remembers account+IP pairs that signed in (value 1, 21 days). */
  private readonly knownIps: RateLimiterAbstract;

  constructor(config: AppConfig) {
    if (config.REDIS_URL) {
      this.redis = new Redis(config.REDIS_URL, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 500,
        connectTimeout: 2000,
        connectionName: 'soundlink-auth-limits',
        retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
      });
      this.redis.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
    }
    const prefix = `${config.REDIS_KEY_PREFIX}auth:`;
    const limiter = (name: string, points: number, duration: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix: name, points, duration });
      return this.redis
        ? new RateLimiterRedis({
            storeClient: this.redis,
            keyPrefix: `${prefix}${name}`,
            points,
            duration,
            insuranceLimiter: memory,
          })
        : memory;
    };
    this.perAccountIp = limiter('login-account-ip', config.LOGIN_RATE_LIMIT_PER_ACCOUNT_IP, LOGIN_WINDOW_S);
    this.perIp = limiter('login-ip', config.LOGIN_RATE_LIMIT_PER_IP, LOGIN_WINDOW_S);
    this.perAccount = limiter('login-account', config.LOGIN_RATE_LIMIT_PER_ACCOUNT, ACCOUNT_WINDOW_S);
    this.register = limiter('register-ip', config.REGISTER_RATE_LIMIT, REGISTER_WINDOW_S);
    this.knownIps = limiter('login-known', 1_000_000, KNOWN_IP_S);
  }

  /**
   * Counts one sign-in attempt against every limit that applies, before any work is done; throws 429
   * TooManyAttempts (with Retry-After) when one is used up. Answers what afterLogin needs to know.
   */
  async beforeLogin(email: string, ip: string): Promise<LoginAttempt> {
    const attempt: LoginAttempt = { email, ip: clientIpKey(ip), countedOnAccount: false };
    await consume(this.perIp, attempt.ip);
    await consume(this.perAccountIp, pairKey(attempt));
    const known = await this.knownIps.get(pairKey(attempt)).catch(() => null);
    if (!known) {
      await consume(this.perAccount, email);
      attempt.countedOnAccount = true;
    }
    return attempt;
  }

  /** The password was right: the pair starts afresh, the IP becomes known, the attempt is given back. */
  async afterLogin(attempt: LoginAttempt): Promise<void> {
    await Promise.all([
      this.perAccountIp.delete(pairKey(attempt)),
      attempt.countedOnAccount ? this.perAccount.reward(attempt.email, 1) : undefined,
      this.remember(attempt.email, attempt.ip),
    ]).catch((error: unknown) => this.logger.warn(`Could not record a sign-in: ${String(error)}`));
  }

  /** Counts one registration from the IP; throws 429 TooManyAttempts when the hour's allowance is used. */
  async beforeRegister(ip: string): Promise<void> {
    await consume(this.register, clientIpKey(ip), 'registrations');
  }

  /** A new account's first IP is known to it (the owner registered from there). */
  async registered(email: string, ip: string): Promise<void> {
    await this.remember(email, clientIpKey(ip)).catch(() => undefined);
  }

  private async remember(email: string, ipKey: string): Promise<void> {
    await this.knownIps.set(pairKey({ email, ip: ipKey }), 1, KNOWN_IP_S);
  }

  async onModuleDestroy(): Promise<void> {
    this.redis?.disconnect();
  }
}

export interface LoginAttempt {
  email: string;
  /** The client IP's key (IPv6: its /64). */
  ip: string;
  /** Whether the cross-IP account limit counted it (the IP was not known to the account). */
  countedOnAccount: boolean;
}

function pairKey(attempt: { email: string; ip: string }): string {
  return `${attempt.ip}|${attempt.email}`;
}

async function consume(limiter: RateLimiterAbstract, key: string, what?: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes)
      throw tooManyAttempts(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)), what);
    throw rejection;
  }
}
