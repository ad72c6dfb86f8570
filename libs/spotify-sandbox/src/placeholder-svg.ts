/** The sandbox's image URLs (/_sandbox/images/{id}/{size}.svg) answer generated covers. */
import { Core } from './core';
import { hashString } from './rng';

/** A placeholder cover: a deterministic two-colour gradient with the object's initials. */
export function placeholderSvg(core: Core, id: string, size: number): string {
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
