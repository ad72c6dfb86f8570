import { randomUUID } from 'node:crypto';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { Client } from 'pg';
import { MODEL_VERSION } from '../src/modules/attribution/attribution-model';

/**
 * A small factory for analytics specs: rows the attribution engine and the connect flow would write
 * (listeners, plays, attributions, gaps, linked clicks), inserted straight into the test database.
 */
export class AnalyticsKit {
  private constructor(readonly db: Client) {}

  static async connect(url: string): Promise<AnalyticsKit> {
    const db = new Client({ connectionString: url });
    // The test server drops its database at the end, with this connection still open.
    db.on('error', () => undefined);
    await db.connect();
    return new AnalyticsKit(db);
  }

  close(): Promise<void> {
    return this.db.end();
  }

  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(text, params)).rows as T[];
  }

  async track(id: string, name: string, artistNames: string[] = ['Test Artist']): Promise<void> {
    await this.sql(
      `INSERT INTO tracks (id, name, artist_names) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, artist_names = EXCLUDED.artist_names`,
      [id, name, artistNames],
    );
  }

  /**
   * A connected listener. `firstConnectedAt` is when they first connected (`created_at`; default: now, so every
   * earlier click of theirs counts as a connect); `status` other than active with `lastPolledAt` is a listener
   * nobody polls since then.
   */
  async listener(
    consentedAt: string,
    disconnectedAt: string | null = null,
    more: { firstConnectedAt?: string; status?: string; lastPolledAt?: string } = {},
  ): Promise<string> {
    const [row] = await this.sql<{ id: string }>(
      `INSERT INTO listeners (spotify_user_id, display_name, status, consented_at, disconnected_at, created_at,
                              last_polled_at)
       VALUES ($1, 'Listener', $4, $2, $3, coalesce($5::timestamptz, now()), $6) RETURNING id`,
      [
        `user-${randomUUID()}`,
        consentedAt,
        disconnectedAt,
        more.status ?? 'active',
        more.firstConnectedAt ?? null,
        more.lastPolledAt ?? null,
      ],
    );
    return (row as { id: string }).id;
  }

  async click(input: {
    campaignId: string;
    linkId: string;
    at: string;
    visitorId?: string;
    utmSource?: string | null;
    bot?: boolean;
    head?: boolean;
    firstVisit?: boolean;
    listenerId?: string | null;
  }): Promise<string> {
    const id = randomUUID();
    await this.sql(
      `INSERT INTO clicks (id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, user_agent, utm_source, is_bot,
                           is_head, is_first_visit, listener_id)
       VALUES ($1, $2, $3, $4, $5, 'abc', 'Mozilla/5.0', $6, $7, $8, $9, $10)`,
      [
        id,
        input.linkId,
        input.campaignId,
        input.at,
        input.visitorId ?? randomUUID(),
        input.utmSource ?? null,
        input.bot ?? false,
        input.head ?? false,
        input.firstVisit ?? false,
        input.listenerId ?? null,
      ],
    );
    return id;
  }

  /** What the connect flow does: the clicks now name the listener (null unlinks, as erasure does). */
  async linkClicks(listenerId: string | null, clickIds: string[]): Promise<void> {
    await this.sql('UPDATE clicks SET listener_id = $1 WHERE id = ANY($2::uuid[])', [listenerId, clickIds]);
  }

  async play(listenerId: string, trackId: string, at: string, source = 'poll'): Promise<string> {
    const [row] = await this.sql<{ id: string }>(
      `INSERT INTO plays (listener_id, played_at, track_id, source) VALUES ($1, $2, $3, $4) RETURNING id`,
      [listenerId, at, trackId, source],
    );
    return (row as { id: string }).id;
  }

  /** An attribution of a stored play to the campaign through a stored click. */
  async attribute(input: {
    campaignId: string;
    playId: string;
    clickId: string;
    tier: 'high' | 'medium' | 'low';
    credit: number;
    generation?: number;
    score?: number;
  }): Promise<string> {
    const [row] = await this.sql<{ id: string }>(
      `INSERT INTO attributions (play_id, campaign_id, generation, click_id, link_id, utm_source, listener_id, track_id,
                                 played_at, clicked_at, score, tier, reasons, credit, model_version)
       SELECT p.id, $2, $3, k.id, k.link_id, coalesce(k.utm_source, ''), p.listener_id, p.track_id, p.played_at, k.clicked_at, $4, $5,
              ARRAY['CONTEXT_DESTINATION', 'TIME_DECAY'], $6, '${MODEL_VERSION}'
         FROM plays p, clicks k WHERE p.id = $1 AND k.id = $7
       RETURNING id`,
      [
        input.playId,
        input.campaignId,
        input.generation ?? 1,
        input.score ?? 0.8,
        input.tier,
        input.credit,
        input.clickId,
      ],
    );
    return (row as { id: string }).id;
  }

  async gap(listenerId: string, from: string, to: string): Promise<void> {
    await this.sql('INSERT INTO observation_gaps (listener_id, gap_from, gap_to) VALUES ($1, $2, $3)', [
      listenerId,
      from,
      to,
    ]);
  }

  /** Every analytics rollup row, in a stable order (to compare incremental maintenance with a rebuild). */
  async rollupSnapshot(): Promise<Record<string, unknown[]>> {
    const tables: Record<string, string> = {
      analytics_click_rollups: 'campaign_id, grain, bucket, link_id, utm_source',
      analytics_play_rollups: 'campaign_id, generation, grain, bucket, link_id, utm_source, tier',
      analytics_track_rollups: 'campaign_id, generation, grain, bucket, track_id, tier',
      analytics_linked_clicks: 'click_id',
      analytics_connects: 'campaign_id, listener_id',
      analytics_listener_firsts: 'campaign_id, generation, listener_id',
    };
    const snapshot: Record<string, unknown[]> = {};
    for (const [table, order] of Object.entries(tables)) {
      snapshot[table] = await this.sql(`SELECT * FROM ${table} ORDER BY ${order}`);
    }
    return snapshot;
  }
}

/** An open Server-Sent Events response, with the events received so far. */
export interface SseConnection {
  status: number;
  headers: IncomingMessage['headers'];
  events: Array<{ event: string; data: unknown; receivedAt: number }>;
  text: () => string;
  next: (event: string, timeoutMs?: number) => Promise<{ event: string; data: unknown; receivedAt: number }>;
  ended: Promise<void>;
  close: () => void;
}

export function openSse(url: string, headers: Record<string, string>): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      let raw = '';
      let buffer = '';
      const events: SseConnection['events'] = [];
      const waiters: Array<() => void> = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data), receivedAt: Date.now() });
        }
        for (const waiter of waiters.splice(0)) waiter();
      });
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
      });
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        text: () => raw,
        ended,
        close: () => req.destroy(),
        next: (event, timeoutMs = 5_000) =>
          new Promise((found, fail) => {
            const deadline = setTimeout(
              () => fail(new Error(`no ${event} event within ${timeoutMs} ms`)),
              timeoutMs,
            );
            const check = () => {
              const hit = events.find((e) => e.event === event);
              if (hit) {
                clearTimeout(deadline);
                found(hit);
              } else waiters.push(check);
            };
            check();
          }),
      });
    });
    req.on('error', reject);
    req.end();
  });
}
