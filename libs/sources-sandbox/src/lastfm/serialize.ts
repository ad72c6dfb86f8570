/** user.getRecentTracks as Last.fm's JSON format sends it: every number a string, `#text` and `@attr` keys. */
import type { StoredListen } from '../shared/listens';
import { uuidFrom, unitHash } from '../shared/variants';

type Json = Record<string, unknown>;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** "05 Dec 2026, 12:39" (UTC), as date["#text"]. */
export function lastfmDateText(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
const IMAGE_SIZES = ['small', 'medium', 'large', 'extralarge'];

function images(): Json[] {
  return IMAGE_SIZES.map((size) => ({ size, '#text': '' }));
}

/** Most scrobbles carry no MusicBrainz id; about a third do (a stable one per artist and title). */
function mbidOf(kind: string, name: string): string {
  const label = `${kind}:${name.toLowerCase()}`;
  return unitHash(label) < 0.35 ? uuidFrom(label) : '';
}

export function trackJson(l: StoredListen, extended: boolean, nowPlaying: boolean): Json {
  const artistUrl = `https://www.last.fm/music/${enc(l.artistName)}`;
  const artist: Json = extended
    ? { url: artistUrl, name: l.artistName, image: images(), mbid: mbidOf('artist', l.artistName) }
    : { mbid: mbidOf('artist', l.artistName), '#text': l.artistName };
  const out: Json = {
    artist,
    streamable: '0',
    image: images(),
    mbid: mbidOf('track', `${l.artistName}\u0000${l.trackName}`),
    album: { mbid: l.albumName ? mbidOf('album', l.albumName) : '', '#text': l.albumName },
    name: l.trackName,
  };
  if (nowPlaying) out['@attr'] = { nowplaying: 'true' };
  out['url'] = `${artistUrl}/_/${enc(l.trackName)}`;
  if (!nowPlaying) {
    out['date'] = { uts: String(Math.floor(l.startedAt / 1000)), '#text': lastfmDateText(l.startedAt) };
  }
  if (extended) out['loved'] = '0';
  return out;
}

export function recentTracksJson(
  user: string,
  items: Json[],
  page: { page: number; perPage: number; total: number },
): Json {
  return {
    recenttracks: {
      // A single entry comes as an object, not a one-element array (as Last.fm's XML-to-JSON answers it).
      track: items.length === 1 ? items[0] : items,
      '@attr': {
        user,
        totalPages: String(Math.ceil(page.total / page.perPage)),
        page: String(page.page),
        perPage: String(page.perPage),
        total: String(page.total),
      },
    },
  };
}
