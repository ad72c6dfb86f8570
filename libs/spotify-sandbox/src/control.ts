/** The control API under /_sandbox/ and its programmatic twin (Controller). */
import { issueTokens, TokenResponse } from './tokens';
import { newListenerProfile } from './catalog';
import { parseInstant } from './clock';
import { Core, KNOWN_SCOPES } from './core';
import { FaultInput, validateFault } from './faults';
import { BadJson, json, jsonBody, noContent, Reply, RequestContext, text } from './http';
import { must, parseSpotifyRef, SandboxError, SPOTIFY_ID_RE, User } from './model';
import { handlePlayPage } from './play-page';
import { Rng, hashString } from './rng';
import { listSamples } from './samples';
import { iso, playHistory, snapshotId } from './serialize';
import type { ListenResult } from './simulation';
import type { CallRecord } from './state';
import type { CatalogSnapshot, PlayInput, PublicFault, SandboxInfo } from './types';

export class Controller {
  constructor(private readonly core: Core) {}

  private get world() {
    return this.core.state.world;
  }

  info(publicUrl = this.core.defaultPublicUrl()): SandboxInfo {
    return {
      accountsUrl: publicUrl,
      apiUrl: `${publicUrl}/v1`,
      labelUserId: this.world.labelUserId,
      demoPlaylistId: this.world.demoPlaylistId,
      listenerIds: [...this.world.users.values()].filter((u) => u.kind === 'listener').map((u) => u.id),
      devModeUserCap: this.core.state.devModeUserCap,
      simulation: { enabled: this.core.simulation.enabled, speed: this.core.simulation.speed },
    };
  }

  catalog(): CatalogSnapshot {
    const w = this.world;
    return {
      users: [...w.users.values()].map((u) => ({ id: u.id, displayName: u.displayName })),
      playlists: [...w.playlists.values()].map((p) => ({
        id: p.id,
        name: p.name,
        ownerId: p.ownerId,
        trackIds: p.entries.map((e) => e.trackId),
      })),
      albums: [...w.albums.values()].map((a) => ({
        id: a.id,
        name: a.name,
        artistIds: a.artistIds,
        trackIds: a.trackIds,
      })),
      artists: [...w.artists.values()].map((a) => ({ id: a.id, name: a.name })),
      tracks: [...w.tracks.values()].map((t) => ({
        id: t.id,
        name: t.name,
        albumId: t.albumId,
        artistIds: t.artistIds,
        durationMs: t.durationMs,
      })),
    };
  }

  createUser(input: { displayName: string; simulate?: boolean }): { id: string; displayName: string } {
    const name = typeof input.displayName === 'string' ? input.displayName.trim() : '';
    if (!name || name.length > 100) throw new SandboxError(400, 'displayName must be a non-empty string');
    const state = this.core.state;
    const user: User = {
      id: state.ids.userId(),
      accountId: state.ids.accountId(),
      displayName: name,
      kind: 'custom',
      hasImage: false,
      likedTrackIds: [],
      savedAlbumIds: [],
      followedArtistIds: [],
      followedPlaylistIds: [],
      profile: null,
    };
    if (input.simulate) {
      const r = Rng.derive(this.core.options.seed, `profile:${user.id}`);
      const playlists = [...this.world.playlists.values()].filter((p) => p.public).map((p) => p.id);
      user.profile = newListenerProfile(r, this.world, r.shuffle(playlists).slice(0, 2));
      user.followedArtistIds = [...user.profile.favoriteArtistIds];
      user.likedTrackIds = r.shuffle([...this.world.tracks.keys()]).slice(0, 20);
    }
    this.world.users.set(user.id, user);
    this.core.simulation.addUser(user);
    return { id: user.id, displayName: user.displayName };
  }

  addPlay(
    userId: string,
    input: PlayInput,
    publicUrl = this.core.defaultPublicUrl(),
  ): Record<string, unknown> {
    const user = this.core.state.user(userId);
    if (typeof input.trackId !== 'string' || !SPOTIFY_ID_RE.test(input.trackId)) {
      throw new SandboxError(400, 'trackId must be a 22-character base-62 id');
    }
    if (!this.world.tracks.has(input.trackId)) throw new SandboxError(404, 'Unknown track');
    let playedAt = this.core.clock.now();
    if (input.playedAt !== undefined && input.playedAt !== null) {
      try {
        playedAt = parseInstant(input.playedAt);
      } catch {
        throw new SandboxError(400, 'playedAt must be an ISO date-time');
      }
    }
    let context: { type: string; uri: string } | null = null;
    if (input.context) {
      const { type, uri } = input.context;
      if (
        typeof type !== 'string' ||
        typeof uri !== 'string' ||
        !parseSpotifyRef(uri) ||
        !uri.startsWith('spotify:')
      ) {
        throw new SandboxError(400, 'context must be {type, uri} with a spotify: URI, or null');
      }
      context = { type, uri };
    }
    const play = { trackId: input.trackId, playedAt, context };
    this.core.state.insertPlay(user.id, play);
    return playHistory({ publicUrl }, this.world, play);
  }

  listen(userId: string, input: { contextUri: string; count?: number }): ListenResult {
    if (typeof input.contextUri !== 'string') throw new SandboxError(400, 'contextUri is required');
    return this.core.simulation.listen(userId, input.contextUri, input.count ?? 3);
  }

  listeningLog(userId: string) {
    this.core.state.user(userId);
    this.core.simulation.catchUp();
    return [...(this.core.state.listeningLog.get(userId) ?? [])];
  }

  private playlist(id: string) {
    const p = this.world.playlists.get(id);
    if (!p) throw new SandboxError(404, 'Unknown playlist');
    return p;
  }

  addPlaylistTracks(playlistId: string, trackIds: string[], position?: number): { snapshotId: string } {
    const p = this.playlist(playlistId);
    if (!Array.isArray(trackIds) || trackIds.length === 0)
      throw new SandboxError(400, 'trackIds must be a non-empty array');
    for (const id of trackIds) {
      if (typeof id !== 'string' || !this.world.tracks.has(id))
        throw new SandboxError(404, `Unknown track ${String(id)}`);
    }
    const at = position === undefined || position === null ? p.entries.length : position;
    if (!Number.isInteger(at) || at < 0 || at > p.entries.length)
      throw new SandboxError(400, 'position out of range');
    const now = this.core.clock.now();
    p.entries.splice(at, 0, ...trackIds.map((trackId) => ({ trackId, addedAt: now, addedBy: p.ownerId })));
    p.version++;
    return { snapshotId: snapshotId(p) };
  }

  removePlaylistTrack(playlistId: string, trackId: string): { snapshotId: string } {
    const p = this.playlist(playlistId);
    const before = p.entries.length;
    p.entries = p.entries.filter((e) => e.trackId !== trackId);
    if (p.entries.length === before) throw new SandboxError(404, 'Track not in playlist');
    p.version++;
    return { snapshotId: snapshotId(p) };
  }

  addCollaborator(playlistId: string, userId: string): { playlistId: string; collaboratorIds: string[] } {
    const p = this.playlist(playlistId);
    this.core.state.user(userId);
    p.collaborative = true;
    if (!p.collaboratorIds.includes(userId) && userId !== p.ownerId) p.collaboratorIds.push(userId);
    const user = must(this.world.users.get(userId));
    if (!user.followedPlaylistIds.includes(p.id)) user.followedPlaylistIds.push(p.id);
    return { playlistId: p.id, collaboratorIds: [...p.collaboratorIds] };
  }

  addFault(input: FaultInput): { id: string } {
    const valid = validateFault(input as unknown as Record<string, unknown>);
    return { id: this.core.faults.add(valid, this.core.clock.now()).id };
  }

  faults(): PublicFault[] {
    return this.core.faults.list(this.core.clock.now()).map((f) => ({
      ...f,
      createdAt: iso(f.createdAt),
      expiresAt: f.expiresAt === null ? null : iso(f.expiresAt),
    }));
  }

  calls(since?: string | number): CallRecord[] {
    if (since === undefined || since === '') return [...this.core.state.calls];
    let from: number;
    try {
      from = typeof since === 'string' && /^\d+$/.test(since) ? Number(since) : parseInstant(since);
    } catch {
      throw new SandboxError(400, 'since must be an ISO date-time or epoch ms');
    }
    return this.core.state.calls.filter((c) => Date.parse(c.at) >= from);
  }

  revokeTokens(userId: string): { revoked: number } {
    this.core.state.user(userId);
    let revoked = 0;
    for (const t of this.core.state.refreshTokens.values()) {
      if (t.userId === userId && !t.revoked) {
        t.revoked = true;
        revoked++;
      }
    }
    return { revoked };
  }

  configure(config: { devModeUserCap?: number }): { devModeUserCap: number } {
    if (config.devModeUserCap !== undefined) {
      const cap = config.devModeUserCap;
      if (!Number.isInteger(cap) || cap < 0)
        throw new SandboxError(400, 'devModeUserCap must be an integer >= 0');
      this.core.state.devModeUserCap = cap;
    }
    return { devModeUserCap: this.core.state.devModeUserCap };
  }

  issueToken(input: { userId: string; scope?: string; clientId?: string }): TokenResponse {
    const user = this.core.state.user(input.userId);
    const clientId = input.clientId ?? this.core.options.clients[0].clientId;
    if (!this.core.state.client(clientId)) throw new SandboxError(400, 'Unknown clientId');
    const scopes = (input.scope ?? '').split(/\s+/).filter(Boolean);
    const unknown = scopes.filter((s) => !KNOWN_SCOPES.has(s));
    if (unknown.length) throw new SandboxError(400, `Unknown scope: ${unknown.join(' ')}`);
    this.core.state.recordAuthorization(clientId, user.id, scopes);
    return issueTokens(this.core, { clientId, userId: user.id, scopes });
  }
}

/** A placeholder cover: a deterministic two-colour gradient with the object's initials. */
function placeholderSvg(core: Core, id: string, size: number): string {
  const w = core.state.world;
  const name =
    w.tracks.get(id)?.name ??
    w.albums.get(id)?.name ??
    w.artists.get(id)?.name ??
    w.playlists.get(id)?.name ??
    w.users.get(id)?.displayName ??
    '?';
  const initials = name
    .split(/\s+/)
    .filter((s) => /^[\p{L}\p{N}]/u.test(s))
    .slice(0, 2)
    .map((s) => s[0].toUpperCase())
    .join('');
  const h = hashString(id);
  const c1 = `hsl(${h % 360} 65% 45%)`;
  const c2 = `hsl(${(h >> 9) % 360} 70% 25%)`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${c1}"/><stop offset="1" stop-color="${c2}"/></linearGradient></defs>
<rect width="100" height="100" fill="url(#g)"/>
<text x="50" y="58" font-family="system-ui,sans-serif" font-size="30" font-weight="700" fill="#fff" text-anchor="middle">${initials
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')}</text></svg>`;
}

function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string') throw new SandboxError(400, `${key} must be a string`);
  return v;
}

/** Routes /_sandbox/… requests. */
export async function handleControl(
  core: Core,
  controller: Controller,
  ctx: RequestContext,
  resetAll: () => void,
): Promise<Reply> {
  const seg = ctx.path.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const m = ctx.method;
  const route = seg.join('/');
  try {
    if (m === 'GET' && (route === '' || route === 'info')) return json(200, controller.info(ctx.publicUrl));
    if (m === 'GET' && route === 'catalog') return json(200, controller.catalog());
    // The newcomer's sample catalog and the "play" page (play-page.ts).
    if (m === 'GET' && route === 'samples') return json(200, listSamples(core.state.world));
    if (route === 'play') return await handlePlayPage(core, controller, ctx);
    if (seg[0] === 'images' && seg.length === 3 && m === 'GET') {
      const size = Number(seg[2].replace(/\.svg$/, ''));
      return text(
        200,
        placeholderSvg(core, seg[1], Number.isFinite(size) && size > 0 ? size : 300),
        'image/svg+xml',
      );
    }
    if (seg[0] === 'users') {
      if (seg.length === 1 && m === 'POST') {
        const body = await jsonBody(ctx);
        return json(
          201,
          controller.createUser({
            displayName: str(body, 'displayName'),
            simulate: body['simulate'] === true,
          }),
        );
      }
      if (seg.length === 3 && seg[2] === 'plays' && m === 'POST') {
        const body = await jsonBody(ctx);
        return json(201, controller.addPlay(seg[1], body as unknown as PlayInput, ctx.publicUrl));
      }
      if (seg.length === 3 && seg[2] === 'listen' && m === 'POST') {
        const body = await jsonBody(ctx);
        const count = body['count'];
        if (count !== undefined && typeof count !== 'number')
          throw new SandboxError(400, 'count must be a number');
        return json(202, controller.listen(seg[1], { contextUri: str(body, 'contextUri'), count }));
      }
      if (seg.length === 3 && seg[2] === 'history' && m === 'GET') {
        return json(
          200,
          controller
            .listeningLog(seg[1])
            .map((e) => ({ ...e, startedAt: iso(e.startedAt), endedAt: iso(e.endedAt) })),
        );
      }
    }
    if (seg[0] === 'playlists' && seg.length >= 3) {
      if (seg[2] === 'tracks' && seg.length === 3 && m === 'POST') {
        const body = await jsonBody(ctx);
        const position = body['position'];
        if (position !== undefined && typeof position !== 'number')
          throw new SandboxError(400, 'position must be a number');
        return json(201, controller.addPlaylistTracks(seg[1], body['trackIds'] as string[], position));
      }
      if (seg[2] === 'tracks' && seg.length === 4 && m === 'DELETE') {
        return json(200, controller.removePlaylistTrack(seg[1], seg[3]));
      }
      if (seg[2] === 'collaborators' && seg.length === 3 && m === 'POST') {
        const body = await jsonBody(ctx);
        return json(200, controller.addCollaborator(seg[1], str(body, 'userId')));
      }
    }
    if (seg[0] === 'faults') {
      if (seg.length === 1 && m === 'POST')
        return json(201, controller.addFault((await jsonBody(ctx)) as unknown as FaultInput));
      if (seg.length === 1 && m === 'GET') return json(200, controller.faults());
      if (seg.length === 1 && m === 'DELETE') {
        core.faults.clear();
        return noContent();
      }
      if (seg.length === 2 && m === 'DELETE') {
        if (!core.faults.remove(seg[1])) throw new SandboxError(404, 'Unknown fault');
        return noContent();
      }
    }
    if (route === 'clock') {
      if (m === 'POST') {
        const body = await jsonBody(ctx);
        // Everything is checked before anything changes: a 400 leaves the clock as it was.
        let now: number | undefined;
        if (body['now'] !== undefined) {
          if (typeof body['now'] !== 'string' && typeof body['now'] !== 'number')
            throw new SandboxError(400, 'now must be ISO');
          try {
            now = parseInstant(body['now']);
          } catch {
            throw new SandboxError(400, 'now must be an ISO date-time');
          }
        }
        const advanceMs = body['advanceMs'];
        if (advanceMs !== undefined && (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs))) {
          throw new SandboxError(400, 'advanceMs must be a number');
        }
        if (body['frozen'] !== undefined && typeof body['frozen'] !== 'boolean') {
          throw new SandboxError(400, 'frozen must be a boolean');
        }
        // Freeze before setting and thaw after: "now X, frozen" stops at exactly X, not X plus the
        // milliseconds this request took between the two steps.
        if (body['frozen'] === true) core.clock.freeze(true);
        if (now !== undefined) core.clock.set(now);
        if (typeof advanceMs === 'number') core.clock.advance(advanceMs);
        if (body['frozen'] === false) core.clock.freeze(false);
        core.simulation.catchUp();
      }
      if (m === 'POST' || m === 'GET')
        return json(200, { now: iso(core.clock.now()), frozen: core.clock.isFrozen() });
    }
    if (route === 'calls') {
      if (m === 'GET') return json(200, controller.calls(ctx.query.get('since') ?? undefined));
      if (m === 'DELETE') {
        core.state.calls = [];
        return noContent();
      }
    }
    if (route === 'tokens/revoke' && m === 'POST') {
      return json(200, controller.revokeTokens(str(await jsonBody(ctx), 'userId')));
    }
    if (route === 'config') {
      if (m === 'POST') {
        const body = await jsonBody(ctx);
        const cap = body['devModeUserCap'];
        if (cap !== undefined && typeof cap !== 'number')
          throw new SandboxError(400, 'devModeUserCap must be a number');
        return json(200, controller.configure({ devModeUserCap: cap }));
      }
      if (m === 'GET') return json(200, controller.configure({}));
    }
    if (route === 'reset' && m === 'POST') {
      resetAll();
      return json(200, { reset: true, now: iso(core.clock.now()) });
    }
    if (route === 'tokens' && m === 'POST') {
      const body = await jsonBody(ctx);
      const scope = body['scope'];
      const clientId = body['clientId'];
      return json(
        201,
        controller.issueToken({
          userId: str(body, 'userId'),
          scope: typeof scope === 'string' ? scope : undefined,
          clientId: typeof clientId === 'string' ? clientId : undefined,
        }),
      );
    }
    return json(404, { error: { status: 404, message: `No control route ${m} /_sandbox/${route}` } });
  } catch (e) {
    if (e instanceof SandboxError) return json(e.status, { error: { status: e.status, message: e.message } });
    if (e instanceof BadJson)
      return json(400, { error: { status: 400, message: `Invalid JSON body: ${e.message}` } });
    throw e;
  }
}
