/**
 * How the same play reads on Last.fm or ListenBrainz: the names a scrobbler sent, which differ from Spotify's
 * catalog the way real ones do (case, accents, "feat." credits, "- Remastered 2011" suffixes, brackets, a
 * missing album). A listener's player sends the same text for a track every time, so the variant is decided by
 * (seed, service, user, track), not drawn per play: the same seed gives the same names.
 */
export type VariantKind = 'exact' | 'case' | 'accents' | 'feat' | 'remaster' | 'brackets' | 'no-album';

export interface PlayNames {
  artistNames: string[];
  trackName: string;
  albumName: string;
}

export interface Variant {
  kind: VariantKind;
  /** Last.fm's single artist field / ListenBrainz's artist credit. */
  artistName: string;
  trackName: string;
  albumName: string;
}

/** FNV-1a, then mulberry32: a deterministic number in [0, 1) for a label. */
export function unitHash(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let t = (h >>> 0) + 0x6d2b79f5;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A stable hex string for a label (ids, mbids, msids). */
export function hexHash(label: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++)
    out += Math.floor(unitHash(`${label}#${i}`) * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

export function uuidFrom(label: string): string {
  const h = hexHash(label, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const WEIGHTS: ReadonlyArray<readonly [VariantKind, number]> = [
  ['exact', 40],
  ['case', 12],
  ['accents', 10],
  ['feat', 12],
  ['remaster', 10],
  ['brackets', 10],
  ['no-album', 6],
];

const ACCENTED: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ö', u: 'ü', A: 'Á', E: 'É', O: 'Ö' };

/** Drops the accents a name has (players that send ASCII: "Chloé" → "Chloe"), or adds one if it has none. */
function accent(name: string): string {
  const plain = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (plain !== name) return plain;
  const i = name.search(/[aeiouAEO]/);
  return i < 0 ? name : name.slice(0, i) + ACCENTED[name[i]] + name.slice(i + 1);
}

function pickKind(r: number): VariantKind {
  const total = WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  let x = r * total;
  for (const [kind, w] of WEIGHTS) {
    if (x < w) return kind;
    x -= w;
  }
  return 'exact';
}

/**
 * The names a scrobbler sent for this track. `joinArtists`: ListenBrainz keeps every artist in its credit
 * ("A, B"); Last.fm keeps the main artist only.
 */
export function variantFor(
  key: { seed: number; service: string; user: string; trackId: string },
  names: PlayNames,
  joinArtists: boolean,
): Variant {
  const label = `${key.seed}:${key.service}:${key.user.toLowerCase()}:${key.trackId}`;
  const r = unitHash(label);
  const flip = unitHash(`${label}:flip`) < 0.5;
  const [main, ...others] = names.artistNames;
  const credit = joinArtists ? names.artistNames.join(', ') : main;
  const base: Variant = {
    kind: 'exact',
    artistName: credit,
    trackName: names.trackName,
    albumName: names.albumName,
  };
  let kind = pickKind(r);
  if (kind === 'feat' && others.length === 0) kind = 'brackets';
  switch (kind) {
    case 'case':
      return flip
        ? { ...base, kind, trackName: names.trackName.toLowerCase() }
        : { ...base, kind, artistName: credit.toUpperCase() };
    case 'accents':
      return flip
        ? { ...base, kind, artistName: accent(credit) }
        : { ...base, kind, trackName: accent(names.trackName) };
    case 'feat':
      return {
        ...base,
        kind,
        artistName: main,
        trackName: `${names.trackName} (feat. ${others.join(' & ')})`,
      };
    case 'remaster':
      return {
        ...base,
        kind,
        trackName: `${names.trackName} - Remastered 2011`,
        albumName: `${names.albumName} (2011 Remaster)`,
      };
    case 'brackets':
      return { ...base, kind, trackName: `${names.trackName} ${flip ? '[Radio Edit]' : '(Original Mix)'}` };
    case 'no-album':
      return { ...base, kind, albumName: '' };
    default:
      return base;
  }
}
