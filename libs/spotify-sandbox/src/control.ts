/** The control API's programmatic twin (Controller); control-routes.ts maps /_sandbox/ requests onto it. */
import { issueTokens, TokenResponse } from './tokens';
import { newListenerProfile } from './catalog';
import { parseInstant } from './clock';
import { Core, KNOWN_SCOPES } from './core';
import { FaultInput, validateFault } from './faults';
import { must, parseSpotifyRef, SandboxError, SPOTIFY_ID_RE, User } from './model';
import { Rng } from './rng';
import { iso, playHistory, snapshotId } from './serialize';
import type { ListenResult } from './simulation';
import type { CallRecord } from './state';
import { SPOTIFY_APP_MODES, SpotifyAppMode } from './web-api-gated';
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
      mode: this.core.state.appMode,
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
    const durationMs = must(this.world.tracks.get(input.trackId)).durationMs;
    this.core.state.playEvents.emit(this.world, user.id, {
      trackId: input.trackId,
      startedAt: playedAt - durationMs,
      endedAt: playedAt,
      msPlayed: durationMs,
      skipped: false,
      context,
      sessionId: 0,
    });
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

  configure(config: { devModeUserCap?: number; mode?: SpotifyAppMode }): {
    devModeUserCap: number;
    mode: SpotifyAppMode;
  } {
    if (config.mode !== undefined) {
      if (!SPOTIFY_APP_MODES.includes(config.mode))
        throw new SandboxError(400, 'mode must be "development" or "extended"');
      this.core.state.appMode = config.mode;
    }
    if (config.devModeUserCap !== undefined) {
      const cap = config.devModeUserCap;
      if (!Number.isInteger(cap) || cap < 0)
        throw new SandboxError(400, 'devModeUserCap must be an integer >= 0');
      this.core.state.devModeUserCap = cap;
    }
    return { devModeUserCap: this.core.state.devModeUserCap, mode: this.core.state.appMode };
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
