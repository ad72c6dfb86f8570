import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { pgColumn } from '../../database/pg-array';
import { updatedRows } from '../../database/updated-rows';

export interface ClickRow {
  id: string;
  linkId: string;
  campaignId: string;
  clickedAt: Date;
  visitorId: string;
  ipHash: string;
  userAgent: string | null;
  referrer: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmTerm: string | null;
  isBot: boolean;
  isHead: boolean;
  /** Known at click time when the browser carries a valid listener cookie. */
  listenerId: string | null;
}

const CLICK_COLUMNS = `id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, user_agent, referrer,
  utm_source, utm_medium, utm_campaign, utm_content, utm_term, is_bot, is_head, listener_id`;

/** A click linked to a listener at connect. */
export interface LinkedClick {
  id: string;
  campaign_id: string;
  link_id: string;
  clicked_at: Date;
}

/** A listener's clicks of one campaign. */
export interface ListenerCampaignRow {
  name: string;
  destination_name: string | null;
  clicks: number;
  first_click_at: Date;
  last_click_at: Date;
}

/**
 * clicks and campaign_visitors: written in batches by the click buffer (the redirect's hot path), deleted with
 * their campaign or link, and read or anonymised for a listener (the listener module's privacy API).
 */
@Injectable()
export class ClicksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One statement per batch: the campaign_visitors rows of first visits, then the clicks, flagged first visit
   * when their own id came back from that insert. One array literal per column (pgColumn; none for a column
   * with nothing in it): cheap to build here and to parse in PostgreSQL, in its own process. `mayExist` is for
   * batches an earlier attempt may have stored (its answer was lost): those rows are skipped; a first
   * attempt's ids are new, so it does without the conflict check.
   */
  async insertBatch(rows: ClickRow[], mayExist: boolean): Promise<void> {
    const column = (value: (row: ClickRow) => string | boolean | null) => pgColumn(rows, value);
    await this.dataSource.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::uuid[], $6::varchar[],
                              $7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[], $11::varchar[],
                              $12::varchar[], $13::varchar[], $14::boolean[], $15::boolean[], $16::uuid[])
           AS t(id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, user_agent, referrer, utm_source,
                utm_medium, utm_campaign, utm_content, utm_term, is_bot, is_head, listener_id)
       ), first_visits AS (
         INSERT INTO campaign_visitors (campaign_id, visitor_id, first_click_id, first_seen_at)
         SELECT DISTINCT ON (campaign_id, visitor_id) campaign_id, visitor_id, id, clicked_at
           FROM input WHERE NOT is_bot AND NOT is_head
          ORDER BY campaign_id, visitor_id, clicked_at, id
         ON CONFLICT DO NOTHING
         RETURNING first_click_id
       )
       INSERT INTO clicks (${CLICK_COLUMNS}, is_first_visit)
       SELECT i.id, i.link_id, i.campaign_id, i.clicked_at, i.visitor_id, i.ip_hash, i.user_agent, i.referrer,
              i.utm_source, i.utm_medium, i.utm_campaign, i.utm_content, i.utm_term, i.is_bot, i.is_head,
              -- a listener cookie outliving its listener (erased from another browser) links the click to nobody
              CASE WHEN i.listener_id IS NOT NULL THEN (SELECT l.id FROM listeners l WHERE l.id = i.listener_id) END,
              -- a visitor already known to the campaign (an earlier batch, or an earlier try of this one) adds no row
              f.first_click_id IS NOT NULL
         FROM input i
         LEFT JOIN first_visits f ON f.first_click_id = i.id
       ${mayExist ? 'ON CONFLICT (id, clicked_at) DO NOTHING' : ''}`,
      [
        column((row) => row.id),
        column((row) => row.linkId),
        column((row) => row.campaignId),
        column((row) => row.clickedAt.toISOString()),
        column((row) => row.visitorId),
        column((row) => row.ipHash),
        column((row) => row.userAgent),
        column((row) => row.referrer),
        column((row) => row.utmSource),
        column((row) => row.utmMedium),
        column((row) => row.utmCampaign),
        column((row) => row.utmContent),
        column((row) => row.utmTerm),
        column((row) => row.isBot),
        column((row) => row.isHead),
        column((row) => row.listenerId),
      ],
    );
  }

  /** In a campaign's deletion: its clicks and visitors (they carry no foreign key: a batch must never fail on one). */
  async deleteOfCampaign(manager: EntityManager, campaignId: string): Promise<void> {
    await manager.query('DELETE FROM clicks WHERE campaign_id = $1', [campaignId]);
    await manager.query('DELETE FROM campaign_visitors WHERE campaign_id = $1', [campaignId]);
  }

  /** In a link's deletion: its clicks. */
  async deleteOfLink(manager: EntityManager, linkId: string): Promise<void> {
    await manager.query('DELETE FROM clicks WHERE link_id = $1', [linkId]);
  }

  /** In a listener's connect: every click of this browser (visitor) not linked yet now names the listener. */
  async linkVisitor(manager: EntityManager, listenerId: string, visitorId: string): Promise<LinkedClick[]> {
    const linked = (await manager.query(
      `UPDATE clicks SET listener_id = $1
        WHERE listener_id IS NULL AND visitor_id = $2
        RETURNING id, campaign_id, link_id, clicked_at`,
      [listenerId, visitorId],
    )) as unknown;
    return updatedRows<LinkedClick>(linked);
  }

  /** A listener's clicks per campaign (with the campaign's name), most recently clicked first. */
  async campaignsOfListener(listenerId: string): Promise<ListenerCampaignRow[]> {
    return (await this.dataSource.query(
      `SELECT c.name, c.destination_name, count(*)::int AS clicks, min(k.clicked_at) AS first_click_at,
              max(k.clicked_at) AS last_click_at
         FROM clicks k JOIN campaigns c ON c.id = k.campaign_id
        WHERE k.listener_id = $1
        GROUP BY c.id, c.name, c.destination_name
        ORDER BY max(k.clicked_at) DESC`,
      [listenerId],
    )) as ListenerCampaignRow[];
  }

  /** Every click of a listener, oldest first, with its campaign and link, as the listener's export shows it. */
  async exportOfListener(listenerId: string): Promise<Array<Record<string, unknown>>> {
    return (await this.dataSource.query(
      `SELECT k.id, k.clicked_at AS "clickedAt", c.name AS campaign, l.slug AS link, l.label AS channel,
              k.visitor_id AS "visitorId", k.user_agent AS "userAgent", k.referrer, k.utm_source AS "utmSource",
              k.utm_medium AS "utmMedium", k.utm_campaign AS "utmCampaign", k.utm_content AS "utmContent",
              k.utm_term AS "utmTerm"
         FROM clicks k JOIN campaigns c ON c.id = k.campaign_id LEFT JOIN tracker_links l ON l.id = k.link_id
        WHERE k.listener_id = $1 ORDER BY k.clicked_at`,
      [listenerId],
    )) as Array<Record<string, unknown>>;
  }

  /** In a listener's erasure: the (visitor, campaign) pairs of their clicks. */
  async visitorsOfListener(
    manager: EntityManager,
    listenerId: string,
  ): Promise<Array<{ visitor_id: string; campaign_id: string }>> {
    return (await manager.query(
      `SELECT DISTINCT visitor_id, campaign_id FROM clicks WHERE listener_id = $1`,
      [listenerId],
    )) as Array<{ visitor_id: string; campaign_id: string }>;
  }

  /**
   * In a listener's erasure: each old visitor id replaced by its fresh one, in clicks (no listener, the IP
   * hash replaced, no user agent, the referrer cut to its origin) and in campaign_visitors.
   */
  async pseudonymiseVisitors(
    manager: EntityManager,
    mapping: Array<{ old: string; fresh: string; ipHash: string }>,
  ): Promise<void> {
    const json = JSON.stringify(mapping);
    await manager.query(
      `UPDATE clicks k SET visitor_id = m.fresh, listener_id = NULL, ip_hash = m."ipHash", user_agent = NULL,
              referrer = substring(k.referrer from '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]+')
         FROM json_to_recordset($1::json) AS m(old uuid, fresh uuid, "ipHash" varchar)
        WHERE k.visitor_id = m.old`,
      [json],
    );
    await manager.query(
      `UPDATE campaign_visitors v SET visitor_id = m.fresh
         FROM json_to_recordset($1::json) AS m(old uuid, fresh uuid)
        WHERE v.visitor_id = m.old`,
      [json],
    );
  }

  /** In a listener's erasure: clicks still naming the listener are unlinked, under a fresh random visitor. */
  async unlinkListener(manager: EntityManager, listenerId: string): Promise<void> {
    await manager.query(
      `UPDATE clicks SET listener_id = NULL, visitor_id = gen_random_uuid(), user_agent = NULL
        WHERE listener_id = $1`,
      [listenerId],
    );
  }
}
