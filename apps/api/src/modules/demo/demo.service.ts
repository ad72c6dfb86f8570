import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { API_KEY_SCOPES } from '../auth/api-key.entity';
import { OwnerEntity } from '../auth/owner.entity';
import { revokeAccess } from '../auth/owner-accounts.repository';
import { hashPassword, verifyPassword } from '../auth/password';
import type { Principal } from '../auth/principal';
import { CampaignService } from '../campaign/campaign.service';
import { LinkService } from '../campaign/link.service';
import { OwnerSpotifyService } from '../owner-spotify/owner-spotify.service';
import { SpotifySandboxHost } from '../spotify/spotify-sandbox-host.service';
import { DemoBrowser } from './demo-browser';

import { DEMO_EMAIL, DEMO_PASSWORD } from './demo-account';

export { DEMO_EMAIL, DEMO_PASSWORD } from './demo-account';
const DEMO_LINKS = [
  { label: 'Instagram bio', slug: 'demo-ig', utmSource: 'instagram' },
  { label: 'Newsletter #12', slug: 'demo-nl', utmSource: 'newsletter' },
  { label: 'TikTok ad', slug: 'demo-tt', utmSource: 'tiktok' },
];
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const MAX_DEMO_LISTENERS = 40;
const TICK_MS = 8_000;
const DAY_MS = 86_400_000;
/** How many of the crowd's connects run at once while the demo starts. */
const CROWD_CONCURRENCY = 4;

export interface DemoPastPlay {
  trackId: string;
  playedAt: Date;
}

/**
 * The listening the demo's first crowd did before the demo started: 14 whole UTC days up to yesterday, of
 * catalog tracks that are NOT the campaign's (the campaign's "new listeners" stay new). Listener `i` of `n`
 * (with `k` the trends threshold) plays:
 *
 * - six "hits" in both weeks (every listener plays every hit in each week: a stable top list; plays vary),
 *   one of them by everyone yesterday (the 24-hour chart);
 * - two "risers" by (nearly) everyone this week and yesterday, by one or two listeners the week before
 *   (rising, docs/trends.md);
 * - one newcomer by k + 1 listeners this week only (a new entry).
 *
 * At most 30 plays each, all within Spotify's last 50, so the connect baseline reads them all. Deterministic.
 */
export function demoPastListening(
  i: number,
  n: number,
  k: number,
  pool: readonly string[],
  now: Date,
): DemoPastPlay[] {
  const hits = pool.slice(0, 6);
  const [riser, secondRiser, newcomer] = pool.slice(6, 9);
  if (hits.length < 6 || !riser || !secondRiser || !newcomer) return [];
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const plays: DemoPastPlay[] = [];
  const byDay = new Map<number, string[]>();
  const play = (daysAgo: number, trackId: string) =>
    byDay.set(daysAgo, [...(byDay.get(daysAgo) ?? []), trackId]);
  // Yesterday: the day's hit, one of two others, and the riser.
  play(1, hits[0]);
  play(1, hits[1 + (i % 2)]);
  play(1, riser);
  // This week: two hits a day (over six days every hit comes round for everyone), the risers, the newcomer.
  for (let d = 2; d <= 7; d++) {
    play(d, hits[(i + d) % 6]);
    play(d, hits[(i + 2 * d + 1) % 6]);
  }
  if (i < n - 1) play(2 + (i % 6), secondRiser);
  if (i <= k) play(3 + (i % 5), newcomer);
  // The week before: one hit a day (again every hit for everyone), the risers barely.
  for (let d = 8; d <= 14; d++) play(d, hits[(i + d) % 6]);
  if (i < 2) play(9, riser);
  if (i < 1) play(10, secondRiser);
  for (const [daysAgo, tracks] of byDay) {
    tracks.forEach((trackId, slot) => {
      // Spread over the day (07:00 onwards), apart for each listener and slot.
      const minute = 7 * 60 + slot * 97 + ((i * 13) % 60);
      plays.push({ trackId, playedAt: new Date(today - daysAgo * DAY_MS + minute * 60_000) });
    });
  }
  return plays.sort((a, b) => a.playedAt.getTime() - b.playedAt.getTime());
}

export interface DemoInfo {
  email: string;
  password: string;
  campaignId: string;
}

/**
 * The demo a newcomer sees with `npm start` and no Spotify credentials: a demo owner with a campaign for
 * the sandbox label's playlist and three tracker links, and simulated listeners who keep clicking those
 * links, connecting Spotify through the sandbox's consent page (over real HTTP, like browsers) and playing
 * the playlist, so the dashboard is alive within a minute. As it starts, a first crowd of more listeners
 * than the public trends' threshold (TRENDS_MIN_LISTENERS) connects, bringing two weeks of overlapping
 * listening with them (Spotify's last 50 plays, read at connect), so /trends has charts from the start.
 * Never runs with real Spotify credentials.
 *
 * The demo owner's password is public, so the account is an ordinary owner (never an admin) and lives only
 * while the demo is on: at every start, before the server listens, it is demoted if it was an admin, and
 * with the demo off (or Spotify configured) it is disabled and its sessions and API keys revoked.
 */
@Injectable()
export class DemoService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DemoService.name);
  private timer?: NodeJS.Timeout;
  private info?: DemoInfo;
  private readonly browsers = new Map<string, DemoBrowser>();
  private baseUrl = '';
  private ticking = false;
  private tick = 0;

  constructor(
    private readonly config: AppConfig,
    @InjectRepository(OwnerEntity) private readonly owners: Repository<OwnerEntity>,
    private readonly campaigns: CampaignService,
    private readonly links: LinkService,
    private readonly ownerSpotify: OwnerSpotifyService,
    private readonly sandboxHost: SpotifySandboxHost,
  ) {}

  get current(): DemoInfo | undefined {
    return this.info;
  }

  private get on(): boolean {
    return this.config.demoEnabled && this.sandboxHost.enabled;
  }

  /** Before the server listens: the demo owner is never an admin, and is shut out while the demo is off. */
  async onApplicationBootstrap(): Promise<void> {
    const owner = await this.owners.findOneBy({ email: DEMO_EMAIL });
    if (!owner) return;
    if (this.on) {
      if (owner.role !== 'owner') await this.owners.update(owner.id, { role: 'owner' });
      return;
    }
    await this.owners.update(owner.id, { role: 'owner', disabledAt: owner.disabledAt ?? new Date() });
    await revokeAccess(this.owners.manager, owner.id, { apiKeys: true });
    if (!owner.disabledAt)
      this.logger.log(
        `The demo is off: the demo owner ${DEMO_EMAIL} is disabled, its sessions and API keys revoked.`,
      );
  }

  /** Sets the demo up (idempotent) and starts the simulated listeners. Called once the server listens. */
  async start(baseUrl: string): Promise<void> {
    if (!this.on) return;
    this.baseUrl = baseUrl;
    try {
      const info = await this.setUp();
      // Before the demo says it is ready: the public trends have something to show at once.
      await this.crowd().catch((error) => this.logger.warn(`The demo's first listeners: ${String(error)}`));
      this.info = info;
      this.logger.log(
        `Demo: sign in at ${this.config.publicUrl}/login as ${DEMO_EMAIL} / ${DEMO_PASSWORD}. Simulated listeners are clicking its links.`,
      );
      this.timer = setInterval(() => void this.step(), TICK_MS);
      this.timer.unref();
      void this.step();
    } catch (error) {
      this.logger.warn(`The demo could not be set up: ${String(error)}`);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async setUp(): Promise<DemoInfo> {
    const sandbox = this.sandboxHost.sandbox;
    // The demo needs more listeners than Spotify's development mode allows (5): raised, and said so.
    sandbox.configure({ devModeUserCap: 1000 });
    let owner = await this.owners.findOneBy({ email: DEMO_EMAIL });
    if (!owner) {
      owner = this.owners.create({
        email: DEMO_EMAIL,
        passwordHash: await hashPassword(DEMO_PASSWORD),
        displayName: 'Nightjar Records (demo)',
        role: 'owner',
        timezone: 'UTC',
        disabledAt: null,
      });
      await this.owners.insert(owner);
    } else if (owner.disabledAt || !(await verifyPassword(owner.passwordHash, DEMO_PASSWORD))) {
      // Back on after a time off (disabled), or the address was taken meanwhile: the published sign-in works again.
      owner.passwordHash = await hashPassword(DEMO_PASSWORD);
      owner.disabledAt = null;
      await this.owners.update(owner.id, {
        passwordHash: owner.passwordHash,
        disabledAt: null,
        role: 'owner',
      });
      await revokeAccess(this.owners.manager, owner.id, { apiKeys: true });
    }
    const principal: Principal = {
      ownerId: owner.id,
      role: owner.role,
      via: 'session',
      scopes: new Set(API_KEY_SCOPES),
    };
    const label = sandbox.catalog().users.find((u) => u.displayName === 'Nightjar Records');
    const info = sandbox.info();
    if (!label) throw new Error('the sandbox has no label user');
    if (!(await this.ownerSpotify.status(owner.id))) {
      const token = sandbox.issueToken({
        userId: label.id,
        scope: 'playlist-read-private playlist-read-collaborative',
      });
      await this.ownerSpotify.saveAccount(owner.id, {
        accessToken: token.access_token,
        refreshToken: token.refresh_token ?? '',
        expiresAt: new Date(Date.now() + token.expires_in * 1000),
        scope: token.scope,
      });
    }
    const [existing] = await this.campaigns.list(owner.id, { limit: 1, offset: 0 });
    let campaign = existing[0];
    if (!campaign) {
      campaign = await this.campaigns.create(
        principal,
        {
          name: 'Summer Singles (demo)',
          description:
            'A demo campaign: simulated listeners click these links, connect through the Spotify sandbox and play.',
          destination: `https://open.spotify.com/playlist/${info.demoPlaylistId}`,
          status: 'active',
        },
        'UTC',
      );
      for (const link of DEMO_LINKS) await this.links.create(principal, campaign.id, link);
    }
    return { email: DEMO_EMAIL, password: DEMO_PASSWORD, campaignId: campaign.id };
  }

  /**
   * The first crowd: k + 3 listeners who listened to the same catalog tracks over the last two weeks
   * (demoPastListening) click a demo link, connect (the baseline brings that listening in) and go on to play
   * the playlist like everyone else.
   */
  private async crowd(): Promise<void> {
    const sandbox = this.sandboxHost.sandbox;
    const k = this.config.TRENDS_MIN_LISTENERS;
    const n = k + 3;
    const info = sandbox.info();
    const catalog = sandbox.catalog();
    const campaignTracks = new Set(
      catalog.playlists.find((p) => p.id === info.demoPlaylistId)?.trackIds ?? [],
    );
    // Every third catalog track that is not the campaign's: a spread of artists and albums.
    const pool = catalog.tracks
      .filter((t) => !campaignTracks.has(t.id))
      .filter((_, i) => i % 3 === 0)
      .map((t) => t.id);
    const now = new Date(sandbox.clock.now());
    const arrive = async (i: number) => {
      const user = sandbox.createUser({ displayName: `Demo listener ${this.browsers.size + i + 1}` });
      for (const past of demoPastListening(i, n, k, pool, now)) {
        sandbox.addPlay(user.id, {
          trackId: past.trackId,
          playedAt: past.playedAt.toISOString(),
          context: null,
        });
      }
      const browser = new DemoBrowser(i % 2 ? PHONE : DESKTOP);
      const link = DEMO_LINKS[i % DEMO_LINKS.length];
      if (await this.connect(browser, link.slug, user.id, true)) {
        this.browsers.set(user.id, browser);
        this.listenSoon(user.id, 3);
      }
    };
    for (let first = 0; first < n; first += CROWD_CONCURRENCY) {
      const batch = Array.from({ length: Math.min(CROWD_CONCURRENCY, n - first) }, (_, j) => first + j);
      await Promise.all(
        batch.map((i) => arrive(i).catch((error) => this.logger.debug(`Demo crowd: ${String(error)}`))),
      );
    }
  }

  /** One simulated moment: a new listener arrives, or a connected one comes back, or a bot previews a link. */
  async step(): Promise<void> {
    if (this.ticking || !this.info) return;
    this.ticking = true;
    this.tick += 1;
    try {
      const sandbox = this.sandboxHost.sandbox;
      const link = DEMO_LINKS[this.tick % DEMO_LINKS.length];
      if (this.tick % 7 === 0) {
        await new DemoBrowser('facebookexternalhit/1.1').request(`${this.baseUrl}/l/${link.slug}`);
        return;
      }
      const returning = [...this.browsers.entries()];
      if (returning.length >= MAX_DEMO_LISTENERS || (returning.length > 3 && this.tick % 3 === 0)) {
        const [userId, browser] = returning[this.tick % returning.length];
        const visit = await browser.request(`${this.baseUrl}/l/${link.slug}`);
        if (visit.location?.startsWith('https://open.spotify.com/')) this.listenSoon(userId, 3);
        return;
      }
      const user = sandbox.createUser({ displayName: `Demo listener ${this.browsers.size + 1}` });
      const browser = new DemoBrowser(this.tick % 2 ? PHONE : DESKTOP);
      if (await this.connect(browser, link.slug, user.id, this.tick % 5 !== 0)) {
        this.browsers.set(user.id, browser);
        this.listenSoon(user.id, 4);
      }
    } catch (error) {
      this.logger.debug(`Demo step failed: ${String(error)}`);
    } finally {
      this.ticking = false;
    }
  }

  /** Click → connect page → Spotify consent (agree or cancel) → callback → the music. True when connected. */
  private async connect(
    browser: DemoBrowser,
    slug: string,
    userId: string,
    agree: boolean,
  ): Promise<boolean> {
    const click = await browser.request(`${this.baseUrl}/l/${slug}`);
    const connectPage = click.location ? new URL(click.location) : undefined;
    const clickId = connectPage?.searchParams.get('click');
    if (!clickId) return false;
    const start = await browser.request(
      `${this.baseUrl}/api/v1/listeners/connect/start?slug=${encodeURIComponent(slug)}&click=${clickId}`,
    );
    if (!start.location) return false;
    const authorize = new URL(start.location);
    const form = new URLSearchParams(authorize.searchParams);
    form.set('user_id', userId);
    form.set('decision', agree ? 'agree' : 'cancel');
    const decision = await browser.request(
      new URL('authorize/decision', authorize.href.replace(/authorize\?.*$/, '')).toString(),
      {
        method: 'POST',
        form,
      },
    );
    if (!decision.location) return false;
    const back = await browser.request(decision.location);
    return agree && !!back.location?.startsWith('https://open.spotify.com/') && browser.has('sl_listener');
  }

  /** The listener plays the campaign playlist over the next minutes (the poller picks the plays up). */
  private listenSoon(userId: string, count: number): void {
    const info = this.sandboxHost.sandbox.info();
    this.sandboxHost.sandbox.scheduleListening(userId, {
      contextUri: `spotify:playlist:${info.demoPlaylistId}`,
      count,
    });
  }
}
