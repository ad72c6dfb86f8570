/** The seeded world: artists, albums, tracks, users and playlists. Same seed → same world. */
import { BAND_ADJ, BAND_NOUN, FIRST, GENRES, LAST, LISTENERS, PATTERNS, WORD_A } from './catalog-names';
import { Rng } from './rng';
import {
  Album,
  AlbumType,
  Artist,
  EDITORIAL_PREFIX,
  ListenerProfile,
  Playlist,
  PlaylistEntry,
  Track,
  User,
  must,
} from './model';

export const LABEL_NAME = 'Nightjar Records';
export const DEMO_PLAYLIST_NAME = 'Nightjar Demo Campaign: Summer Singles';

export interface World {
  artists: Map<string, Artist>;
  albums: Map<string, Album>;
  tracks: Map<string, Track>;
  users: Map<string, User>;
  playlists: Map<string, Playlist>;
  labelUserId: string;
  demoPlaylistId: string;
}

/** Unique 22-character base-62 ids, never in the editorial range. */
export class IdFactory {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  catalogId(): string {
    for (;;) {
      const id = this.rng.base62(22);
      if (!this.used.has(id) && !id.startsWith(EDITORIAL_PREFIX)) {
        this.used.add(id);
        return id;
      }
    }
  }

  userId(): string {
    for (;;) {
      const id = this.rng.lower36(25);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  accountId(): string {
    return this.rng.base62(10);
  }
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/** Realistic track length: 2–6 minutes, centred around 3:30. */
function duration(r: Rng): number {
  const avg = (r.next() + r.next() + r.next()) / 3;
  return Math.round(120_000 + avg * 240_000);
}

export function newListenerProfile(
  r: Rng,
  world: Pick<World, 'artists'>,
  playlistIds: string[],
): ListenerProfile {
  const artistIds = [...world.artists.keys()];
  const from = r.int(6, 10);
  return {
    sessionsPerDay: r.int(2, 4),
    meanSessionTracks: r.int(4, 10),
    skipRate: 0.1 + r.next() * 0.2,
    activeFromHour: from,
    activeToHour: Math.min(24, from + r.int(12, 15)),
    weights: {
      playlist: 0.25 + r.next() * 0.2,
      album: 0.15 + r.next() * 0.15,
      artist: 0.1 + r.next() * 0.1,
      liked: 0.2 + r.next() * 0.15,
    },
    playlistV2Rate: 0.3,
    favoriteArtistIds: r.shuffle(artistIds).slice(0, r.int(3, 6)),
    playlistIds,
  };
}

export function buildWorld(seed: number, now: number): World {
  const r = Rng.derive(seed, 'catalog');
  const ids = new IdFactory(Rng.derive(seed, 'ids'));
  const artists = new Map<string, Artist>();
  const albums = new Map<string, Album>();
  const tracks = new Map<string, Track>();
  const users = new Map<string, User>();
  const playlists = new Map<string, Playlist>();

  // Artists: 32 distinct names; the first six are Nightjar Records signings.
  const names = new Set<string>();
  while (names.size < 32) {
    const style = r.int(0, 2);
    names.add(
      style === 0
        ? `${r.pick(FIRST)} ${r.pick(LAST)}`
        : style === 1
          ? `The ${r.pick(BAND_ADJ)} ${r.pick(BAND_NOUN)}`
          : `${r.pick(BAND_ADJ)} ${r.pick(BAND_NOUN)}`,
    );
  }
  const artistList: Artist[] = [...names].map((name) => ({
    id: ids.catalogId(),
    name,
    genres: r.shuffle(GENRES).slice(0, r.int(1, 2)),
    popularity: r.int(18, 86),
    followers: r.int(800, 2_400_000),
  }));
  for (const a of artistList) artists.set(a.id, a);
  const labelArtists = artistList.slice(0, 6);

  // Albums: 60, round-robin over the artists; LPs, singles, EPs and two compilations.
  for (let i = 0; i < 60; i++) {
    const compilation = i === 29 || i === 59;
    const main = artistList[i % artistList.length];
    const isLabel = labelArtists.includes(main);
    const kind = compilation
      ? 'compilation'
      : r.weighted<'lp' | 'single' | 'ep'>([
          ['lp', 6],
          ['single', 3],
          ['ep', 1.2],
        ]);
    const albumType: AlbumType = kind === 'lp' ? 'album' : kind === 'compilation' ? 'compilation' : 'single';
    const count =
      kind === 'lp'
        ? r.int(8, 13)
        : kind === 'single'
          ? r.int(1, 3)
          : kind === 'ep'
            ? r.int(4, 6)
            : r.int(10, 14);
    const year = isLabel && r.chance(0.5) ? 2025 : r.int(2012, 2025);
    const month = r.int(1, 12);
    const day = r.int(1, 28);
    const album: Album = {
      id: ids.catalogId(),
      name: compilation ? `${r.pick(WORD_A)}: A Collection` : PATTERNS[r.int(0, PATTERNS.length - 1)](r),
      albumType,
      artistIds: compilation ? [] : [main.id],
      trackIds: [],
      releaseDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      label: isLabel
        ? LABEL_NAME
        : r.pick(['Harbourlight Music', 'Quiet Static Records', 'Lunar Tide', 'Self-released']),
      popularity: clamp(main.popularity + r.int(-12, 10), 0, 100),
      upc: String(r.int(100000, 999999)) + String(r.int(100000, 999999)),
    };
    for (let n = 1; n <= count; n++) {
      const performer = compilation ? r.pick(artistList) : main;
      const artistIds = [performer.id];
      if (r.chance(0.12)) {
        const feat = r.pick(artistList);
        if (feat.id !== performer.id) artistIds.push(feat.id);
      }
      const track: Track = {
        id: ids.catalogId(),
        name: kind === 'single' && n === 1 ? album.name : PATTERNS[r.int(0, PATTERNS.length - 1)](r),
        albumId: album.id,
        artistIds,
        durationMs: duration(r),
        trackNumber: n,
        discNumber: 1,
        explicit: r.chance(0.18),
        popularity: clamp(performer.popularity + r.int(-20, 12), 0, 100),
        isrc: `GB${r.base62(3).toUpperCase()}${year % 100}${String(r.int(0, 99999)).padStart(5, '0')}`,
      };
      tracks.set(track.id, track);
      album.trackIds.push(track.id);
    }
    if (compilation) album.artistIds = []; // "Various Artists" is modelled as the first track's artists below
    if (album.artistIds.length === 0) album.artistIds = [must(tracks.get(album.trackIds[0])).artistIds[0]];
    albums.set(album.id, album);
  }

  const trackList = [...tracks.values()];
  const labelArtistIds = new Set(labelArtists.map((a) => a.id));
  const labelTracks = trackList.filter((t) => labelArtistIds.has(t.artistIds[0]));

  const newUser = (displayName: string, kind: User['kind']): User => {
    const user: User = {
      id: ids.userId(),
      accountId: ids.accountId(),
      displayName,
      kind,
      hasImage: r.chance(0.6),
      likedTrackIds: [],
      savedAlbumIds: [],
      followedArtistIds: [],
      followedPlaylistIds: [],
      profile: null,
    };
    users.set(user.id, user);
    return user;
  };

  const label = newUser(LABEL_NAME, 'label');
  label.hasImage = true;
  const listeners = LISTENERS.map((name) => newUser(name, 'listener'));

  const entriesOf = (trackIds: string[], by: string): PlaylistEntry[] =>
    trackIds.map((trackId, i) => ({
      trackId,
      addedBy: by,
      addedAt: now - (trackIds.length - i) * 86_400_000 * r.int(1, 6) - r.int(0, 86_399_999),
    }));
  const newPlaylist = (
    owner: User,
    name: string,
    description: string,
    trackIds: string[],
    opts: { public?: boolean; collaborative?: boolean } = {},
  ): Playlist => {
    const playlist: Playlist = {
      id: ids.catalogId(),
      name,
      description,
      ownerId: owner.id,
      public: opts.public ?? true,
      collaborative: opts.collaborative ?? false,
      collaboratorIds: [],
      entries: entriesOf(trackIds, owner.id),
      version: 1,
    };
    playlists.set(playlist.id, playlist);
    owner.followedPlaylistIds.push(playlist.id);
    return playlist;
  };
  const sample = (from: Track[], n: number) =>
    r
      .shuffle(from)
      .slice(0, Math.min(n, from.length))
      .map((t) => t.id);

  const demo = newPlaylist(
    label,
    DEMO_PLAYLIST_NAME,
    'The demo campaign playlist: twelve Nightjar singles for the summer push.',
    sample(labelTracks, 12),
  );
  const newReleases = newPlaylist(
    label,
    'Nightjar New Releases',
    'Fresh from the Nightjar roster.',
    sample(labelTracks, 20),
  );
  const classics = newPlaylist(
    label,
    'Nightjar Label Classics',
    'Ten years of Nightjar.',
    sample(labelTracks, 25),
  );
  newPlaylist(
    label,
    'Nightjar A&R Shortlist',
    'Internal: demos under consideration.',
    sample(trackList, 10),
    {
      public: false,
    },
  );

  const [ada, benji, , dev, emi, , grace] = listeners;
  newPlaylist(ada, "Ada's Morning Run", 'Fast and bright.', sample(trackList, 30));
  newPlaylist(benji, "Benji's Road Trip", '', sample(trackList, 40));
  newPlaylist(dev, "Dev's Focus", 'Heads down.', sample(trackList, 25), { public: false });
  newPlaylist(emi, "Emi's Late Night", 'After midnight.', sample(trackList, 22));
  const shared = newPlaylist(
    ada,
    'Ada & Grace Shared Mix',
    'Both of us add to this one.',
    sample(trackList, 18),
    {
      public: false,
      collaborative: true,
    },
  );
  shared.collaboratorIds.push(grace.id);
  grace.followedPlaylistIds.push(shared.id);
  for (const [i, entry] of shared.entries.entries()) if (i % 3 === 1) entry.addedBy = grace.id;

  for (const [i, listener] of listeners.entries()) {
    const followed = [newReleases.id, classics.id].filter((_, k) => (i + k) % 3 !== 0);
    listener.followedPlaylistIds.push(...followed);
    const profile = newListenerProfile(r, { artists }, [...listener.followedPlaylistIds]);
    listener.profile = profile;
    listener.followedArtistIds = [...profile.favoriteArtistIds];
    const favTracks = trackList.filter((t) => profile.favoriteArtistIds.includes(t.artistIds[0]));
    listener.likedTrackIds = [
      ...new Set([...sample(favTracks, r.int(15, 35)), ...sample(trackList, r.int(10, 25))]),
    ];
    listener.savedAlbumIds = [
      ...new Set(
        [...albums.values()]
          .filter((a) => profile.favoriteArtistIds.includes(a.artistIds[0]) && r.chance(0.6))
          .map((a) => a.id),
      ),
    ];
  }
  label.likedTrackIds = labelTracks.slice(0, 10).map((t) => t.id);
  label.followedArtistIds = labelArtists.map((a) => a.id);

  return { artists, albums, tracks, users, playlists, labelUserId: label.id, demoPlaylistId: demo.id };
}
