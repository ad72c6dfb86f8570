import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { CampaignEntity } from '../campaign/campaign.entity';
import type { ResolvedRange } from './analytics-range';
import { AnalyticsExportRepository, AttributionCursor } from './analytics-export.repository';
import { AnalyticsSegmentsService } from './analytics-segments.service';
import { AnalyticsLiftService } from './analytics-lift.service';
import { AnalyticsService } from './analytics.service';
import type { ExportDataset } from './dto/analytics-query.dto';

/** Rows read per query when exporting attributions (keyset pagination on played_at, id). */
export const EXPORT_BATCH = 1_000;

type Row = Record<string, unknown>;

interface Dataset {
  columns: string[];
  rows: AsyncIterable<Row>;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. Text that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return csvField(value.join('|'));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Writes a chunk, waiting for the socket to drain when its buffer is full; false once the client has gone. */
async function write(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(chunk)) return true;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  return !res.destroyed;
}

async function* once(rows: Row[]): AsyncIterable<Row> {
  for (const row of rows) yield row;
}

/** Streams the campaign's datasets as CSV or JSON: read in batches, written as they come, never buffered whole. */
@Injectable()
export class AnalyticsExportService {
  private readonly logger = new Logger('AnalyticsExport');

  constructor(
    private readonly repository: AnalyticsExportRepository,
    private readonly analytics: AnalyticsService,
    private readonly segments: AnalyticsSegmentsService,
    private readonly liftService: AnalyticsLiftService,
  ) {}

  filename(campaign: CampaignEntity, dataset: ExportDataset, range: ResolvedRange, format: string): string {
    const day = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
    return `soundlink-${campaign.id.slice(0, 8)}-${dataset}-${day(range.from)}-${day(range.to)}.${format}`;
  }

  async send(
    res: Response,
    campaign: CampaignEntity,
    dataset: ExportDataset,
    format: 'csv' | 'json',
    range: ResolvedRange,
  ): Promise<void> {
    const data = await this.dataset(campaign, dataset, range);
    res.status(200);
    res.setHeader(
      'Content-Type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    );
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${this.filename(campaign, dataset, range, format)}"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    try {
      if (format === 'csv') {
        if (!(await write(res, csvLine(data.columns)))) return;
        for await (const row of data.rows) {
          if (!(await write(res, csvLine(data.columns.map((c) => row[c]))))) return;
        }
      } else {
        let first = true;
        if (!(await write(res, '['))) return;
        for await (const row of data.rows) {
          if (!(await write(res, `${first ? '\n' : ',\n'}${JSON.stringify(row)}`))) return;
          first = false;
        }
        if (!(await write(res, `${first ? '' : '\n'}]\n`))) return;
      }
      res.end();
    } catch (error) {
      // Headers are gone: all that is left is to cut the response so the client sees it is incomplete.
      this.logger.error(`Export of ${dataset} for campaign ${campaign.id} failed: ${String(error)}`);
      res.destroy();
    }
  }

  private async dataset(
    campaign: CampaignEntity,
    dataset: ExportDataset,
    range: ResolvedRange,
  ): Promise<Dataset> {
    switch (dataset) {
      case 'attributions':
        return {
          columns: [
            'playId',
            'trackId',
            'trackName',
            'playedAt',
            'listenerId',
            'clickId',
            'linkId',
            'utmSource',
            'score',
            'tier',
            'reasons',
            'credit',
            'modelVersion',
          ],
          rows: this.attributions(campaign, range),
        };
      case 'funnel': {
        const [funnel, completeness] = await Promise.all([
          this.analytics.funnel(campaign, range),
          this.analytics.completeness(campaign, range),
        ]);
        const row: Row = {
          from: funnel.range.from,
          to: funnel.range.to,
          clicks: funnel.clicks,
          botClicks: funnel.botClicks,
          uniqueVisitors: funnel.uniqueVisitors,
          connects: funnel.connects,
          alreadyConnected: funnel.alreadyConnected,
          connectsReached: funnel.connectsReached,
          listeners: funnel.listeners,
          newListeners: funnel.listenerTypes.new,
          existingListeners: funnel.listenerTypes.existing,
          attributedPlays: funnel.attributedPlays,
          activeListeners: funnel.activeListeners,
          creditedPlays: funnel.creditedPlays,
          ...funnel.rates,
          completeness: completeness.share,
        };
        return { columns: Object.keys(row), rows: once([row]) };
      }
      case 'timeseries': {
        const points = await this.analytics.timeseries(campaign, range);
        return {
          columns: [
            'start',
            'clicks',
            'uniqueVisitors',
            'connects',
            'attributedPlays',
            'highPlays',
            'mediumPlays',
            'lowPlays',
            'creditedPlays',
            'listeners',
          ],
          rows: once(
            points.map(({ attributedPlaysByTier: t, ...p }) => ({
              ...p,
              highPlays: t.high,
              mediumPlays: t.medium,
              lowPlays: t.low,
            })),
          ),
        };
      }
      case 'top-tracks': {
        const tracks = await this.analytics.topTracks(campaign, range, 100);
        return {
          columns: ['rank', 'trackId', 'name', 'artistNames', 'attributedPlays', 'creditedPlays', 'share'],
          rows: once(tracks.map((t, i) => ({ rank: i + 1, ...t }))),
        };
      }
      case 'lift': {
        const lift = await this.liftService.lift(campaign, range);
        const group = (prefix: string, g: Row) =>
          Object.fromEntries(
            Object.entries(g).map(([k, v]) => [`${prefix}${k[0]?.toUpperCase()}${k.slice(1)}`, v]),
          );
        const row: Row = {
          from: range.from.toISOString(),
          to: range.to.toISOString(),
          status: lift.status,
          reason: lift.reason,
          estimatePerDay: lift.estimatePerDay,
          intervalLow: lift.interval?.low ?? null,
          intervalHigh: lift.interval?.high ?? null,
          counterfactualPerDay: lift.counterfactualPerDay,
          relative: lift.relative,
          ...group('exposed', { ...lift.exposed }),
          ...group('control', { ...lift.control }),
          ...lift.method,
        };
        return { columns: Object.keys(row), rows: once([row]) };
      }
      case 'links': {
        const { links } = await this.analytics.links(campaign, range);
        return {
          columns: [
            'linkId',
            'label',
            'slug',
            'utmSource',
            'clicks',
            'uniqueVisitors',
            'connects',
            'connectRate',
            'attributedPlays',
            'creditedPlays',
            'listeners',
            'playsPerClick',
          ],
          rows: once(links as unknown as Row[]),
        };
      }
      case 'segments': {
        const figures = await this.segments.segments(campaign, range);
        return {
          columns: ['from', 'to', 'segment', 'listeners', 'plays', 'share', 'playsShare'],
          rows: once(figures.segments.map((s) => ({ from: figures.range.from, to: figures.range.to, ...s }))),
        };
      }
    }
  }

  /** The campaign's current attributions in the range, newest first, read EXPORT_BATCH at a time. */
  private async *attributions(campaign: CampaignEntity, range: ResolvedRange): AsyncIterable<Row> {
    let cursor: AttributionCursor | undefined;
    for (;;) {
      const rows = await this.repository.attributions(campaign, range, cursor, EXPORT_BATCH);
      for (const r of rows) {
        yield {
          playId: r['play_id'],
          trackId: r['track_id'],
          trackName: r['track_name'] ?? null,
          playedAt: new Date(r['played_at'] as string).toISOString(),
          listenerId: r['listener_id'],
          clickId: r['click_id'],
          linkId: r['link_id'],
          utmSource: r['utm_source'] ?? null,
          score: r['score'],
          tier: r['tier'],
          reasons: r['reasons'],
          credit: r['credit'],
          modelVersion: r['model_version'],
        };
      }
      if (rows.length < EXPORT_BATCH) return;
      const last = rows[rows.length - 1] as Record<string, unknown>;
      cursor = { at: last['played_at'] as string, id: String(last['id']) };
    }
  }
}
