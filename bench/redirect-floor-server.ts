/**
 * A tracker-link redirect on a bare node:http server, for `npm run bench:redirect-floor`: how fast this machine
 * can answer `GET /l/{slug}` while recording each click, without Nest, Express or anything else the API process
 * hosts. The link comes from the product's LinkCache. Modes (argv[2]):
 *
 * - `nothing`:  the least a tracker 302 does: the product's answer (Location with the click id, its headers and
 *               the visitor cookie, two time-ordered ids), nothing recorded;
 * - `narrow`:   the same, writing three columns per click (id, link, time) to a table of its own with one
 *               multi-row INSERT per 100 ms: the kind of row behind the issue's reference figure;
 * - `wide`:     the same, writing the click's columns (the product's ClickRow) to a table with a primary key only;
 * - `clicks`:   the same, writing through the product's ClickBuffer: its statement, tables, indexes, trigger;
 * - `redirect`: the product's own RedirectHandler and ClickBuffer (bot verdict, IP hash, cookies, UTM values,
 *               orphan visits): the product's redirect in a process of its own.
 *
 * Usage: redirect-floor-server.ts <mode> <port> <database url>; prints "up" when listening.
 */
import 'reflect-metadata';
import { createHmac } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { SecretsService } from '../apps/api/src/common/security/secrets.service';
import { uuidv7 } from '../apps/api/src/common/uuid-v7';
import { loadConfig } from '../apps/api/src/config/app-config';
import { pgColumn } from '../apps/api/src/database/pg-array';
import { ClickRow, ClicksRepository } from '../apps/api/src/modules/campaign/clicks.repository';
import {
  ClickBuffer,
  FLUSH_INTERVAL_MS,
} from '../apps/api/src/modules/campaign/redirect/click-buffer.service';
import { LinkCacheRepository } from '../apps/api/src/modules/campaign/redirect/link-cache.repository';
import { OrphanVisitsRepository } from '../apps/api/src/modules/campaign/redirect/orphan-visits.repository';
import { LinkCache } from '../apps/api/src/modules/campaign/redirect/link-cache.service';
import { RedirectHandler, redirectHeaders } from '../apps/api/src/modules/campaign/redirect/redirect.handler';
import { MetricsService } from '../apps/api/src/modules/metrics/metrics.service';

export const FLOOR_MODES = ['nothing', 'narrow', 'wide', 'clicks', 'redirect'] as const;
export type FloorMode = (typeof FLOOR_MODES)[number];

const CLICK_COLUMNS: Array<[string, string, (row: ClickRow) => string | boolean | null]> = [
  ['id', 'uuid', (row) => row.id],
  ['link_id', 'uuid', (row) => row.linkId],
  ['campaign_id', 'uuid', (row) => row.campaignId],
  ['clicked_at', 'timestamptz', (row) => row.clickedAt.toISOString()],
  ['visitor_id', 'uuid', (row) => row.visitorId],
  ['ip_hash', 'varchar', (row) => row.ipHash],
  ['user_agent', 'varchar', (row) => row.userAgent],
  ['referrer', 'varchar', (row) => row.referrer],
  ['utm_source', 'varchar', (row) => row.utmSource],
  ['utm_medium', 'varchar', (row) => row.utmMedium],
  ['utm_campaign', 'varchar', (row) => row.utmCampaign],
  ['utm_content', 'varchar', (row) => row.utmContent],
  ['utm_term', 'varchar', (row) => row.utmTerm],
  ['is_bot', 'boolean', (row) => row.isBot],
  ['is_head', 'boolean', (row) => row.isHead],
  ['listener_id', 'uuid', (row) => row.listenerId],
];

/** Clicks buffered like the product's (100 ms, one statement per batch) into a bench table of the mode's shape. */
class TableBuffer {
  private rows: ClickRow[] = [];
  private writing?: Promise<void>;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: Pool,
    private readonly table: string,
    private readonly columns: typeof CLICK_COLUMNS,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
  }

  push(row: ClickRow): void {
    this.rows.push(row);
  }

  /** Writes what is left and stops. */
  async drain(): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
    await this.flush();
  }

  private flush(): Promise<void> {
    this.writing ??= this.write().finally(() => (this.writing = undefined));
    return this.writing;
  }

  private async write(): Promise<void> {
    const names = this.columns.map(([name]) => name).join(', ');
    const arrays = this.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    while (this.rows.length > 0) {
      const batch = this.rows.splice(0, 1_000);
      await this.pool.query(
        `INSERT INTO ${this.table} (${names}) SELECT * FROM unnest(${arrays})`,
        this.columns.map(([, , value]) => pgColumn(batch, value)),
      );
    }
  }
}

async function main(): Promise<void> {
  const [mode, port, databaseUrl] = process.argv.slice(2) as [FloorMode, string, string];
  if (!FLOOR_MODES.includes(mode)) throw new Error(`mode must be one of ${FLOOR_MODES.join(', ')}`);
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  // The two calls the cache and the buffer make of TypeORM's DataSource, on a plain pg pool.
  const dataSource = {
    query: async (text: string, params?: unknown[]) => (await pool.query(text, params)).rows,
  } as unknown as DataSource;
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, CLICK_RATE_LIMIT_BURST: '0' });
  const metrics = new MetricsService();
  const cache = new LinkCache(new LinkCacheRepository(dataSource));
  await cache.onApplicationBootstrap();
  const clickBuffer = new ClickBuffer(
    new ClicksRepository(dataSource),
    new OrphanVisitsRepository(dataSource),
    metrics,
    config,
  );
  let answered = 0;
  let sink: (row: ClickRow) => void = () => undefined;
  let drain = () => clickBuffer.drain(10_000);
  if (mode === 'clicks' || mode === 'redirect') {
    clickBuffer.onModuleInit();
    sink = (row) => clickBuffer.push(row);
  } else if (mode === 'narrow' || mode === 'wide') {
    const columns =
      mode === 'narrow' ? [CLICK_COLUMNS[0]!, CLICK_COLUMNS[1]!, CLICK_COLUMNS[3]!] : CLICK_COLUMNS;
    const table = `bench_floor_${mode}`;
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.query(
      `CREATE TABLE ${table} (${columns.map(([name, type]) => `${name} ${type}`).join(', ')}, PRIMARY KEY (id))`,
    );
    const tableBuffer = new TableBuffer(pool, table, columns);
    sink = (row) => tableBuffer.push(row);
    drain = () => tableBuffer.drain();
  }
  const secrets = new SecretsService(config);
  const redirect = new RedirectHandler(cache, clickBuffer, secrets, config, metrics);
  const ipHash = createHmac('sha256', secrets.sessionSecret).update('127.0.0.1').digest('hex').slice(0, 32);
  const cookie = '; Max-Age=63072000; Path=/; HttpOnly; SameSite=Lax';
  const minimal = (req: IncomingMessage, res: ServerResponse) => {
    const slug = req.url?.slice(3) ?? '';
    const link = cache.peek(slug);
    if (!link) return void res.writeHead(404).end();
    answered += 1;
    const now = Date.now();
    const id = uuidv7(now);
    const visitorId = uuidv7(now);
    sink({
      id,
      linkId: link.linkId,
      campaignId: link.campaignId,
      clickedAt: new Date(now),
      visitorId,
      ipHash,
      userAgent: req.headers['user-agent'] ?? null,
      referrer: null,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      utmContent: null,
      utmTerm: null,
      isBot: false,
      isHead: false,
      listenerId: null,
    });
    res.writeHead(302, redirectHeaders(`/connect/${slug}?click=${id}`, `sl_vid=${visitorId}${cookie}`)).end();
  };
  const server = createServer((req, res) => {
    if (mode !== 'redirect') return minimal(req, res);
    answered += 1;
    if (!redirect.handle(req, res)) res.writeHead(404).end();
  });
  server.listen(Number(port), '127.0.0.1', () => process.stdout.write('up\n'));
  // Stopped: writes what is buffered, then tells how many clicks it answered (the bench counts the rows).
  process.on('SIGTERM', () => {
    server.close();
    void drain()
      .then(() => pool.end())
      .then(() => {
        process.stdout.write(`answered ${answered}\n`);
        process.exit(0);
      });
  });
}

// Run as a program (bench/redirect-floor.ts imports the modes only).
if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
