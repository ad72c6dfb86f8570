/**
 * Last.fm's method signature: md5 (hex) of every parameter except `format` and `callback` (and `api_sig`
 * itself), sorted by name, written as name + value with no separators, followed by the shared secret, UTF-8
 * (https://www.last.fm/api/authspec §8, https://www.last.fm/api/webauth §6).
 */
import { createHash } from 'node:crypto';

const UNSIGNED = new Set(['format', 'callback', 'api_sig']);

export function lastfmSignature(params: Iterable<[string, string]>, sharedSecret: string): string {
  const pairs = [...params]
    .filter(([k]) => !UNSIGNED.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = pairs.map(([k, v]) => `${k}${v}`).join('') + sharedSecret;
  return createHash('md5').update(text, 'utf8').digest('hex');
}
