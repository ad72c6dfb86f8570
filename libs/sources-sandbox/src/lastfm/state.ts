/** The Last.fm sandbox's own state beyond users and listens: API accounts, auth tokens, sessions, limits. */
import { randomBytes } from 'node:crypto';
import { RateLimiter } from '../shared/rate-limit';

export interface LastfmApp {
  apiKey: string;
  sharedSecret: string;
  /** Used when the authorization page gets no `cb` (Last.fm uses the callback registered with the key). */
  callbackUrl?: string;
}

/** The API account a fresh sandbox accepts (32 hex characters, like Last.fm's). */
export const DEFAULT_LASTFM_APP: LastfmApp = {
  apiKey: '5a4e2d5bfa3c4b7a9b1c2d3e4f5a6b7c',
  sharedSecret: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
};

/** Tokens are single use and valid 60 minutes (https://www.last.fm/api/webauth). */
export const TOKEN_TTL_MS = 60 * 60_000;

export interface AuthToken {
  token: string;
  apiKey: string;
  /** The user who allowed access; null until then (auth.getToken's desktop tokens). */
  user: string | null;
  issuedAt: number;
  used: boolean;
}

export interface Session {
  key: string;
  apiKey: string;
  user: string;
  revoked: boolean;
}

export class LastfmState {
  tokens = new Map<string, AuthToken>();
  sessions = new Map<string, Session>();
  /** Users (lower-case names) whose recent tracks are readable only with their session key. */
  privateUsers = new Set<string>();
  suspendedKeys = new Set<string>();

  constructor(
    readonly apps: LastfmApp[],
    readonly limiter: RateLimiter,
  ) {}

  reset(): void {
    this.tokens = new Map();
    this.sessions = new Map();
    this.privateUsers = new Set();
    this.suspendedKeys = new Set();
    this.limiter.reset();
  }

  app(apiKey: string | null | undefined): LastfmApp | undefined {
    return this.apps.find((a) => a.apiKey === apiKey);
  }

  issueToken(apiKey: string, user: string | null, now: number): AuthToken {
    const token: AuthToken = {
      token: randomBytes(16).toString('hex'),
      apiKey,
      user,
      issuedAt: now,
      used: false,
    };
    this.tokens.set(token.token, token);
    return token;
  }

  openSession(apiKey: string, user: string): Session {
    const session: Session = { key: randomBytes(16).toString('hex'), apiKey, user, revoked: false };
    this.sessions.set(session.key, session);
    return session;
  }
}
