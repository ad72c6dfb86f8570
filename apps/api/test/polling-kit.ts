/**
 * Helpers for the polling specs: listeners made directly through the Spotify sandbox's control API (a user,
 * a token issued without the consent page, plays) and a listeners row with the tokens encrypted by the
 * app's own TokenCipher, so these specs do not depend on the connect flow.
 */
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TokenCipher } from '../src/common/security/token-cipher';
import { ListenerEntity } from '../src/modules/listener/listener.entity';

export interface SandboxTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

/** `${sandboxUrl}/_sandbox/${path}` over HTTP; throws on an error answer. */
export async function control<T = unknown>(
  sandboxUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${sandboxUrl}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} /_sandbox/${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export interface CallRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  userId: string | null;
  status: number;
  at: string;
}

export async function recentlyPlayedCalls(sandboxUrl: string, since?: number): Promise<CallRecord[]> {
  const calls = await control<CallRecord[]>(
    sandboxUrl,
    'GET',
    `calls${since === undefined ? '' : `?since=${since}`}`,
  );
  return calls.filter((c) => c.path === '/v1/me/player/recently-played');
}

export interface PlayInput {
  trackId: string;
  playedAt: Date;
  context?: { type: string; uri: string } | null;
}

export interface SandboxListener {
  userId: string;
  listenerId: string;
  tokens: SandboxTokens;
}

export class PollingKit {
  private users = 0;

  constructor(
    private readonly app: INestApplication,
    readonly sandboxUrl: string,
  ) {}

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  /** Distinct users this kit has authorized (the sandbox's development-mode allow-list order). */
  get authorizedUsers(): number {
    return this.users;
  }

  async trackIds(): Promise<string[]> {
    const catalog = await control<{ tracks: Array<{ id: string }> }>(this.sandboxUrl, 'GET', 'catalog');
    return catalog.tracks.map((t) => t.id);
  }

  async createUser(displayName: string): Promise<{ userId: string; tokens: SandboxTokens }> {
    const user = await control<{ id: string }>(this.sandboxUrl, 'POST', 'users', { displayName });
    const tokens = await control<SandboxTokens>(this.sandboxUrl, 'POST', 'tokens', {
      userId: user.id,
      scope: 'user-read-recently-played user-top-read',
    });
    this.users++;
    return { userId: user.id, tokens };
  }

  async addPlays(userId: string, plays: PlayInput[]): Promise<void> {
    for (const play of plays) {
      await control(this.sandboxUrl, 'POST', `users/${userId}/plays`, {
        trackId: play.trackId,
        playedAt: play.playedAt.toISOString(),
        context: play.context ?? null,
      });
    }
  }

  /** A sandbox user with a token and an active listeners row (not due unless `nextPollAt` says so). */
  async createListener(displayName: string, row: Partial<ListenerEntity> = {}): Promise<SandboxListener> {
    const { userId, tokens } = await this.createUser(displayName);
    const listenerId = await this.insertListener(userId, tokens, row);
    return { userId, listenerId, tokens };
  }

  async insertListener(
    userId: string,
    tokens: SandboxTokens,
    row: Partial<ListenerEntity> = {},
  ): Promise<string> {
    const cipher = this.app.get(TokenCipher);
    const saved = await this.db.getRepository(ListenerEntity).save({
      spotifyUserId: userId,
      displayName: userId,
      status: 'active',
      accessTokenEnc: cipher.encrypt(tokens.access_token),
      refreshTokenEnc: cipher.encrypt(tokens.refresh_token),
      tokenExpiresAt: new Date(Date.now() + tokens.expires_in * 1000),
      scope: 'user-read-recently-played user-top-read',
      consentedAt: new Date(),
      nextPollAt: new Date(Date.now() + 3600_000),
      ...row,
    });
    return saved.id;
  }

  listener(id: string): Promise<ListenerEntity> {
    return this.db.getRepository(ListenerEntity).findOneByOrFail({ id });
  }

  /** Makes listeners due now (as the clock would). */
  async makeDue(...ids: string[]): Promise<void> {
    await this.db.query(`UPDATE listeners SET next_poll_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async playsOf(listenerId: string): Promise<
    Array<{
      played_at: Date;
      track_id: string;
      context_type: string | null;
      context_uri: string | null;
      source: string;
    }>
  > {
    return this.db.query(
      `SELECT played_at, track_id, context_type, context_uri, source FROM plays WHERE listener_id = $1 ORDER BY played_at`,
      [listenerId],
    );
  }
}

/** Polls `check` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A metric's value from a Prometheus text exposition (0 when absent). */
export function metricValue(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
