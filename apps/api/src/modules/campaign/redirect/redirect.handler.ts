import { Injectable, Logger } from '@nestjs/common';
import { SLUG_PATTERN } from '@soundlink/domain';
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram } from 'prom-client';
import { uuidv7 } from '../../../common/uuid-v7';
import { SecretsService } from '../../../common/security/secrets.service';
import { AppConfig } from '../../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import { LISTENER_COOKIE, verifyListenerCookie } from '../../listener/listener-cookie';
import { ClickBuffer, ORPHAN_PATH_MAX } from './click-buffer.service';
import { IpRateLimiter } from './ip-rate-limiter';
import type { CachedLink } from './link-cache.repository';
import { LinkCache } from './link-cache.service';
import { LINK_PAGES } from './redirect-pages';
import { isBotUserAgent } from './visit-classifier';

export const VISITOR_COOKIE = 'sl_vid';
const VISITOR_MAX_AGE_S = 2 * 365 * 24 * 3600;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SLUG_IN_PATH = /^\/l\/([^/?#]{1,200})\/?(?:\?(.*))?$/;

export function destinationUrl(link: Pick<CachedLink, 'destinationType' | 'destinationId'>): string {
  return `https://open.spotify.com/${link.destinationType}/${link.destinationId}`;
}

/**
 * The 302's headers, as a flat [name, value, …] list: Node writes it as given, without walking an object's keys.
 * Never cached, never indexed, and the click's URL is not passed on as a referrer.
 */
export function redirectHeaders(location: string, setCookie?: string): string[] {
  const headers = [
    'Location',
    location,
    'Cache-Control',
    'private, no-store',
    'Referrer-Policy',
    'no-referrer',
    'X-Robots-Tag',
    'noindex',
  ];
  if (setCookie) headers.push('Set-Cookie', setCookie);
  return headers;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A header or query value as stored: at most `max` characters, without NUL (PostgreSQL text cannot hold it). */
function clip(value: string | string[] | null | undefined, max: number): string | null {
  const text = (Array.isArray(value) ? value[0] : value)?.slice(0, max);
  if (!text) return null;
  return text.includes('\0') ? text.replaceAll('\0', '') || null : text;
}

type VisitOutcome = 'recorded' | 'not_recorded' | 'lookup_failed' | keyof typeof LINK_PAGES;

/**
 * The tracker link hot path, `GET|HEAD /l/{slug}`, served ahead of Express (see bootstrap): look the
 * slug up in memory, queue the click, answer a 302 built from the campaign. Never an open redirect: the
 * target is always the connect page or an open.spotify.com URL made from the campaign's destination.
 */
@Injectable()
export class RedirectHandler {
  private readonly logger = new Logger(RedirectHandler.name);
  private readonly limiter?: IpRateLimiter;
  /** Reverse proxies in front (TRUST_PROXY): the client is the X-Forwarded-For entry this many from the right. */
  private readonly proxyHops: number;
  private readonly ipSalt: Buffer;
  private readonly cookieSecret: Buffer;
  private readonly visitorCookieAttributes: string;
  /** Counted in plain numbers on the hot path and handed to the Prometheus counter when it is scraped. */
  private readonly visitCounts = new Map<VisitOutcome, number>();
  private readonly ipHashes = new Map<string, string>();
  /** From the request reaching the handler to its answer handed to Node (the 302 of a turn leaves after that turn's journal write). */
  private readonly seconds: Histogram;

  constructor(
    private readonly cache: LinkCache,
    private readonly buffer: ClickBuffer,
    secrets: SecretsService,
    config: AppConfig,
    metrics: MetricsService,
  ) {
    this.ipSalt = createHmac('sha256', secrets.sessionSecret).update('ip-hash-salt').digest();
    this.cookieSecret = secrets.sessionSecret;
    this.visitorCookieAttributes = `; Max-Age=${VISITOR_MAX_AGE_S}; Path=/; HttpOnly; SameSite=Lax${config.secureCookies ? '; Secure' : ''}`;
    this.proxyHops = config.TRUST_PROXY;
    if (config.CLICK_RATE_LIMIT_BURST > 0) {
      this.limiter = new IpRateLimiter({
        burst: config.CLICK_RATE_LIMIT_BURST,
        perSecond: config.CLICK_RATE_LIMIT_PER_SECOND,
        maxClients: config.CLICK_RATE_LIMIT_MAX_CLIENTS,
      });
    }
    const limiterClients: Gauge = new Gauge({
      name: 'soundlink_click_limiter_clients',
      help: 'Client IPs the per-IP click limiter remembers (CLICK_RATE_LIMIT_MAX_CLIENTS caps it).',
      registers: [metrics.registry],
      collect: () => limiterClients.set(this.limiter?.size ?? 0),
    });
    this.seconds = new Histogram({
      name: 'soundlink_redirect_duration_seconds',
      help: 'Tracker link answers (/l/{slug}): time from the request reaching the handler to the answer handed to Node.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [metrics.registry],
    });
    const visits: Counter = new Counter({
      name: 'soundlink_link_visits_total',
      help: 'Tracker link visits by outcome.',
      labelNames: ['outcome'],
      registers: [metrics.registry],
      collect: () => {
        for (const [outcome, count] of this.visitCounts) if (count > 0) visits.inc({ outcome }, count);
        this.visitCounts.clear();
      },
    });
  }

  /** Handles /l/… requests; false for every other path (the caller passes them on). */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '';
    if (!url.startsWith('/l/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res
        .writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Method Not Allowed');
      return true;
    }
    const started = performance.now();
    const match = SLUG_IN_PATH.exec(url);
    let slug = '';
    try {
      slug = match?.[1] ? decodeURIComponent(match[1]).toLowerCase() : '';
    } catch {
      slug = '';
    }
    // Not a slug's shape (the API never stored one like it): unknown, without asking the database.
    const cached = SLUG_PATTERN.test(slug) ? this.cache.peek(slug) : null;
    if (cached !== undefined) {
      this.answer(req, res, slug, cached, match?.[2]);
      this.seconds.observe((performance.now() - started) / 1000);
    } else {
      this.cache
        .load(slug)
        .then(
          (link) => this.answer(req, res, slug, link, match?.[2]),
          (error: unknown) => this.failSoft(req, res, slug, error),
        )
        .finally(() => this.seconds.observe((performance.now() - started) / 1000));
    }
    return true;
  }

  private answer(
    req: IncomingMessage,
    res: ServerResponse,
    slug: string,
    link: CachedLink | null,
    query?: string,
  ): void {
    const now = Date.now();
    const userAgent = clip(req.headers['user-agent'], 400);
    const isHead = req.method === 'HEAD';
    const isBot = isBotUserAgent(userAgent ?? undefined);
    const ipHash = this.hashIp(this.clientIp(req));
    const referrer = clip(req.headers.referer, 500);

    const problem: keyof typeof LINK_PAGES | undefined = !link
      ? 'unknown'
      : !link.enabled
        ? 'disabled'
        : link.campaignStatus === 'archived'
          ? 'archived'
          : link.expiresAt !== null && link.expiresAt <= now
            ? 'expired'
            : undefined;
    if (problem) {
      this.countVisit(problem);
      // Counted per path and hour, and only within the client's click limit: junk paths cost a bounded number
      // of rows (docs/campaigns.md).
      if (!this.limiter || this.limiter.allow(ipHash, now)) {
        this.buffer.pushOrphan({
          path: clip(slug, ORPHAN_PATH_MAX) ?? '(empty)',
          reason: problem,
          visitedAt: now,
          isBot: isBot || isHead,
        });
      }
      const page = LINK_PAGES[problem];
      res.writeHead(page.status, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Robots-Tag': 'noindex',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(isHead ? undefined : page.html);
      return;
    }
    const found = link as CachedLink;

    const given = cookieValue(req.headers.cookie, VISITOR_COOKIE);
    // A browser whose listener already connected Spotify: linked to this click at once, straight to the music.
    const listenerId = isBot
      ? undefined
      : verifyListenerCookie(cookieValue(req.headers.cookie, LISTENER_COOKIE), this.cookieSecret);
    // New visitors get time-ordered ids: their campaign_visitors and clicks index entries land at the end of the
    // B-trees instead of at random pages (3 µs less database time per click, bench/RESULTS.md).
    const visitorId = given && UUID.test(given) ? given : uuidv7(now);
    const clickId = uuidv7(now);
    const params = query ? new URLSearchParams(query) : undefined;
    const utm = (name: string, fallback: string | null) => clip(params?.get(`utm_${name}`), 100) ?? fallback;

    let recorded = false;
    if (!this.limiter || this.limiter.allow(ipHash, now)) {
      recorded = this.buffer.push({
        id: clickId,
        linkId: found.linkId,
        campaignId: found.campaignId,
        clickedAt: new Date(now),
        visitorId,
        ipHash,
        userAgent,
        referrer,
        utmSource: utm('source', found.utm.source),
        utmMedium: utm('medium', found.utm.medium),
        utmCampaign: utm('campaign', found.utm.campaign),
        utmContent: utm('content', found.utm.content),
        utmTerm: utm('term', found.utm.term),
        isBot,
        isHead,
        listenerId: listenerId ?? null,
      });
    }
    this.countVisit(recorded ? 'recorded' : 'not_recorded');

    // Crawlers, preview fetchers and connected listeners go straight to the music; others are asked to connect first.
    const location =
      isBot || isHead || listenerId
        ? destinationUrl(found)
        : `/connect/${encodeURIComponent(found.slug)}?click=${clickId}`;
    // Sent once the click is in the journal (one write per event-loop turn): a crash cannot lose a click whose
    // 302 went out.
    this.buffer.answer(
      res,
      redirectHeaders(
        location,
        given === visitorId ? undefined : `${VISITOR_COOKIE}=${visitorId}${this.visitorCookieAttributes}`,
      ),
    );
  }

  /** The database could not be asked about an uncached slug: still answer, never hang or crash. */
  private failSoft(req: IncomingMessage, res: ServerResponse, slug: string, error: unknown): void {
    this.logger.warn(`Link lookup for "${slug}" failed: ${String(error)}`);
    this.countVisit('lookup_failed');
    res
      .writeHead(503, {
        'Content-Type': 'text/html; charset=utf-8',
        'Retry-After': '5',
        'Cache-Control': 'no-store',
      })
      .end(
        req.method === 'HEAD'
          ? undefined
          : '<!doctype html><title>Soundlink</title><p>This link is taking a moment. Please try again in a few seconds.</p>',
      );
  }

  private countVisit(outcome: VisitOutcome): void {
    this.visitCounts.set(outcome, (this.visitCounts.get(outcome) ?? 0) + 1);
  }

  /**
   * The address `TRUST_PROXY` hops from the right of X-Forwarded-For, as Express's `trust proxy` with a number:
   * each trusted proxy appends the address it saw, so entries further left are the client's own text. With
   * fewer entries than hops, the leftmost (the proxies are then all there is to trust).
   */
  private clientIp(req: IncomingMessage): string {
    const socket = req.socket.remoteAddress ?? '';
    if (this.proxyHops === 0) return socket;
    const header = req.headers['x-forwarded-for'];
    if (!header) return socket;
    const entries = (Array.isArray(header) ? header.join(',') : header).split(',');
    return entries[Math.max(0, entries.length - this.proxyHops)]?.trim() || socket;
  }

  private hashIp(ip: string): string {
    let hash = this.ipHashes.get(ip);
    if (hash === undefined) {
      hash = createHmac('sha256', this.ipSalt).update(ip).digest('hex').slice(0, 32);
      if (this.ipHashes.size >= 50_000) this.ipHashes.clear();
      this.ipHashes.set(ip, hash);
    }
    return hash;
  }
}
