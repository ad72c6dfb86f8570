/**
 * Simulated listening. Each simulated listener runs a deterministic generator (seeded per user) on a *virtual*
 * timeline: virtual time = sandbox time before the simulation went live, and runs `speed` times faster than the
 * sandbox clock afterwards. Sessions start inside the listener's active hours with gaps of at least 20 minutes;
 * inside a session tracks follow each other back to back from one context (a playlist, an album, an artist or
 * Liked Songs, whose plays carry a null context). Some tracks are skipped before 30 s: they are in the listening
 * log but never in recently-played. played_at is when a track stopped playing.
 *
 * Generation is lazy (anything reading plays catches up to the clock first) and also driven by an unref()'d
 * 1-second timer while the simulation is enabled, so moving the clock forward produces the plays of that time.
 */
import type { SandboxClock } from './clock';
import { ListeningEvent, must, PlayContext, SandboxError, User, parseSpotifyRef } from './model';
import { Rng } from './rng';
import { SandboxState } from './state';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Seeded history: listeners have been listening for this long when the sandbox starts. */
export const HISTORY_MS = 3 * DAY;
const MIN_SESSION_GAP = 20 * MINUTE;
const MAX_CATCH_UP = 14 * DAY;

interface Session {
  id: number;
  context: PlayContext | null;
  queue: string[];
  remaining: number;
}

interface Generator {
  userId: string;
  rng: Rng;
  /** Virtual time at which the previous event ended. */
  cursor: number;
  session: Session | null;
  sessionSeq: number;
  /** Next event (virtual times), computed ahead so generation does not depend on when it is polled. */
  pending: ListeningEvent | null;
  /** Virtual time until which the user is busy with scheduled (control API) plays. */
  busyUntil: number;
}

export interface ListenResult {
  userId: string;
  contextUri: string;
  plays: Array<{ trackId: string; playedAt: string }>;
}

export class Simulation {
  private generators = new Map<string, Generator>();
  private liveFrom = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly state: SandboxState,
    private readonly clock: SandboxClock,
    private readonly opts: { enabled: boolean; speed: number; seed: number; log: (msg: string) => void },
  ) {}

  get enabled(): boolean {
    return this.opts.enabled;
  }

  get speed(): number {
    return this.opts.speed;
  }

  /** (Re)creates the generators and the seeded history (HISTORY_MS up to now), whatever `enabled` says. */
  init(now: number): void {
    this.generators = new Map();
    this.liveFrom = now;
    for (const user of this.state.world.users.values()) {
      if (user.profile) this.addGenerator(user, now - HISTORY_MS);
    }
    this.generateUntil(now);
  }

  /** Simulates a user created later (no history). */
  addUser(user: User): void {
    if (user.profile) this.addGenerator(user, this.toVirtual(this.clock.now()));
  }

  private addGenerator(user: User, from: number): void {
    this.generators.set(user.id, {
      userId: user.id,
      rng: Rng.derive(this.opts.seed, `sim:${user.id}`),
      cursor: from,
      session: null,
      sessionSeq: 0,
      pending: null,
      busyUntil: 0,
    });
  }

  start(): void {
    if (!this.opts.enabled || this.timer) return;
    this.timer = setInterval(() => {
      const added = this.catchUp();
      if (added > 0) this.opts.log(`simulation: ${added} new play(s)`);
    }, 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Generates everything up to the clock (when enabled). Returns the number of new plays. */
  catchUp(): number {
    return this.opts.enabled ? this.generateUntil(this.clock.now()) : 0;
  }

  private toVirtual(t: number): number {
    return t <= this.liveFrom ? t : Math.round(this.liveFrom + (t - this.liveFrom) * this.opts.speed);
  }

  private toSandbox(v: number): number {
    return v <= this.liveFrom ? v : Math.round(this.liveFrom + (v - this.liveFrom) / this.opts.speed);
  }

  private generateUntil(now: number): number {
    const vNow = this.toVirtual(now);
    let added = 0;
    for (const g of this.generators.values()) {
      const user = this.state.world.users.get(g.userId);
      if (!user?.profile) continue;
      if (vNow - g.cursor > MAX_CATCH_UP) {
        g.cursor = vNow - DAY;
        g.session = null;
        g.pending = null;
      }
      for (;;) {
        g.pending ??= this.nextEvent(g, user);
        if (g.pending.endedAt > vNow) break;
        const e = g.pending;
        g.pending = null;
        g.cursor = e.endedAt;
        const event = { ...e, startedAt: this.toSandbox(e.startedAt), endedAt: this.toSandbox(e.endedAt) };
        this.state.logEvent(g.userId, event);
        if (!e.skipped) {
          this.state.insertPlay(g.userId, {
            trackId: e.trackId,
            playedAt: event.endedAt,
            context: e.context,
          });
          added++;
        }
      }
    }
    return added;
  }

  private nextEvent(g: Generator, user: User): ListeningEvent {
    const p = must(user.profile);
    const r = g.rng;
    let start: number;
    if (!g.session || g.session.remaining <= 0 || g.session.queue.length === 0) {
      start = this.nextSessionStart(g, user);
      g.session = this.newSession(g, user);
    } else {
      start = g.cursor + r.int(0, 3000);
    }
    start = Math.max(start, g.busyUntil);
    const session = g.session;
    const trackId = must(session.queue.shift());
    session.remaining--;
    const track = must(this.state.world.tracks.get(trackId));
    const skip = r.chance(p.skipRate);
    const msPlayed = skip
      ? r.int(2000, 29_000)
      : r.chance(0.08)
        ? r.int(30_000, track.durationMs)
        : track.durationMs;
    return {
      trackId,
      startedAt: start,
      endedAt: start + msPlayed,
      msPlayed,
      skipped: msPlayed < 30_000,
      context: session.context,
      sessionId: session.id,
    };
  }

  private nextSessionStart(g: Generator, user: User): number {
    const p = must(user.profile);
    const r = g.rng;
    const gap = Math.round(Math.max(MIN_SESSION_GAP, r.exponential(DAY / p.sessionsPerDay / 2)));
    const jitter = r.int(0, 90) * MINUTE; // drawn unconditionally: the draw sequence depends on the seed only
    let start = g.cursor + gap;
    const hour = new Date(start).getUTCHours();
    if (hour < p.activeFromHour || hour >= p.activeToHour) {
      const day = Math.floor(start / DAY) * DAY;
      let next = day + p.activeFromHour * HOUR;
      if (next <= start) next += DAY;
      start = next + jitter;
    }
    return start;
  }

  private newSession(g: Generator, user: User): Session {
    const p = must(user.profile);
    const r = g.rng;
    const w = this.state.world;
    const playlists = p.playlistIds.filter((id) => (w.playlists.get(id)?.entries.length ?? 0) > 0);
    const kind = r.weighted<'playlist' | 'album' | 'artist' | 'liked'>([
      ['playlist', playlists.length ? p.weights.playlist : 0],
      ['album', p.weights.album],
      ['artist', p.favoriteArtistIds.length ? p.weights.artist : 0],
      ['liked', user.likedTrackIds.length ? p.weights.liked : 0],
    ]);
    const length = r.int(
      Math.max(1, Math.ceil(p.meanSessionTracks / 2)),
      Math.ceil(p.meanSessionTracks * 1.5),
    );
    const id = ++g.sessionSeq;
    if (kind === 'playlist') {
      const pl = must(w.playlists.get(r.pick(playlists)));
      const ids = pl.entries.map((e) => e.trackId);
      return {
        id,
        context: {
          type: r.chance(p.playlistV2Rate) ? 'playlist_v2' : 'playlist',
          uri: `spotify:playlist:${pl.id}`,
        },
        queue: r.chance(0.5) ? r.shuffle(ids) : ids,
        remaining: length,
      };
    }
    if (kind === 'artist') {
      const artistId = r.pick(p.favoriteArtistIds);
      return {
        id,
        context: { type: 'artist', uri: `spotify:artist:${artistId}` },
        queue: r.shuffle(this.artistTopTrackIds(artistId)),
        remaining: length,
      };
    }
    if (kind === 'liked') {
      return { id, context: null, queue: r.shuffle(user.likedTrackIds), remaining: length };
    }
    const albumIds = user.savedAlbumIds.length
      ? user.savedAlbumIds
      : [...w.albums.values()].filter((a) => p.favoriteArtistIds.includes(a.artistIds[0])).map((a) => a.id);
    const album = must(w.albums.get(r.pick(albumIds.length ? albumIds : [...w.albums.keys()])));
    return {
      id,
      context: { type: 'album', uri: `spotify:album:${album.id}` },
      queue: [...album.trackIds],
      remaining: length,
    };
  }

  artistTopTrackIds(artistId: string): string[] {
    return [...this.state.world.tracks.values()]
      .filter((t) => t.artistIds.includes(artistId))
      .sort((a, b) => b.popularity - a.popularity || a.id.localeCompare(b.id))
      .slice(0, 10)
      .map((t) => t.id);
  }

  /**
   * Makes a user play `count` tracks (default 3) of a playlist, album or artist, back to back, starting 10 s
   * (virtual) from now; all are listened to in full. Works whether or not the simulation is enabled: the plays
   * are stored with their future played_at and show up when the clock reaches it.
   */
  /**
   * Keeps a simulated listener's own listening out of [from, until] (sandbox times): someone else (the play
   * page) plays on their account then. What they were playing before `from` ends first; their next track
   * starts after `until`. Users the simulation does not follow (or a disabled simulation) are left alone.
   */
  occupy(userId: string, from: number, until: number): void {
    const g = this.generators.get(userId);
    if (!g || !this.opts.enabled) return;
    this.generateUntil(from);
    const v = this.toVirtual(until);
    g.busyUntil = Math.max(g.busyUntil, v);
    if (g.pending && g.pending.startedAt < v) {
      const shift = v - g.pending.startedAt;
      g.pending = {
        ...g.pending,
        startedAt: g.pending.startedAt + shift,
        endedAt: g.pending.endedAt + shift,
      };
    }
    if (g.cursor < v) g.session = null;
  }

  listen(userId: string, contextUri: string, count = 3): ListenResult {
    const user = this.state.user(userId);
    if (!Number.isInteger(count) || count < 1 || count > 50)
      throw new SandboxError(400, 'count must be 1..50');
    const ref = parseSpotifyRef(contextUri);
    if (!ref) throw new SandboxError(400, 'contextUri must be a spotify: URI or open.spotify.com URL');
    const w = this.state.world;
    let trackIds: string[];
    if (ref.type === 'playlist') {
      const pl = w.playlists.get(ref.id);
      if (!pl) throw new SandboxError(404, 'Unknown playlist');
      trackIds = pl.entries.map((e) => e.trackId);
    } else if (ref.type === 'album') {
      const album = w.albums.get(ref.id);
      if (!album) throw new SandboxError(404, 'Unknown album');
      trackIds = album.trackIds;
    } else if (ref.type === 'artist') {
      if (!w.artists.has(ref.id)) throw new SandboxError(404, 'Unknown artist');
      trackIds = this.artistTopTrackIds(ref.id);
    } else {
      throw new SandboxError(400, 'contextUri must be a playlist, album or artist');
    }
    if (trackIds.length === 0) throw new SandboxError(409, 'The context has no tracks');
    const context = { type: ref.type, uri: `spotify:${ref.type}:${ref.id}` };
    const g = this.generators.get(userId);
    const now = this.clock.now();
    let v = Math.max(this.toVirtual(now), g?.busyUntil ?? 0) + 10_000;
    const plays: ListenResult['plays'] = [];
    for (let i = 0; i < count; i++) {
      const track = must(w.tracks.get(trackIds[i % trackIds.length]));
      const startedAt = this.toSandbox(v);
      const end = v + track.durationMs;
      const playedAt = this.toSandbox(end);
      this.state.insertPlay(user.id, { trackId: track.id, playedAt, context });
      this.state.logEvent(user.id, {
        trackId: track.id,
        startedAt,
        endedAt: playedAt,
        msPlayed: track.durationMs,
        skipped: false,
        context,
        sessionId: 0,
      });
      plays.push({ trackId: track.id, playedAt: new Date(playedAt).toISOString() });
      v = end + 1000;
    }
    if (g) {
      g.busyUntil = v;
      if (g.pending && g.pending.startedAt < v) {
        const shift = v - g.pending.startedAt;
        g.pending = {
          ...g.pending,
          startedAt: g.pending.startedAt + shift,
          endedAt: g.pending.endedAt + shift,
        };
      }
      if (g.cursor < v) g.session = null;
    }
    return { userId: user.id, contextUri, plays };
  }
}
