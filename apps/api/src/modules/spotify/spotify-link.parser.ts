import { SpotifyError } from './spotify.errors';

/**
 * The strict parser for what campaign owners paste as a destination: open.spotify.com links, spotify: URIs
 * and spotify.link short links (which only `resolveSpotifyLink` can turn into an item: they need a request).
 * Pure: no I/O, no clock, no randomness.
 */

/** What a campaign can point at. */
export const SPOTIFY_LINK_TYPES = ['track', 'album', 'artist', 'playlist'] as const;
export type SpotifyLinkType = (typeof SPOTIFY_LINK_TYPES)[number];

/** Spotify item types that exist but cannot be a campaign destination, with their plain-English names. */
const UNSUPPORTED_TYPES: Record<string, string> = {
  show: 'podcasts',
  episode: 'podcast episodes',
  audiobook: 'audiobooks',
  chapter: 'audiobook chapters',
  user: 'user profiles',
  collection: 'Liked Songs and other personal collections',
  genre: 'genre pages',
  concert: 'concerts',
  search: 'searches',
  prerelease: 'pre-releases',
};

export const SPOTIFY_ID_PATTERN = /^[0-9A-Za-z]{22}$/;
/** Longer than any real link with its tracking query (a share link is about 80 characters). */
export const MAX_LINK_LENGTH = 512;
export const OPEN_SPOTIFY_HOST = 'open.spotify.com';
/** Hosts of Spotify's short links (Branch.io): resolved by following their redirects. */
export const SHORT_LINK_HOSTS: readonly string[] = ['spotify.link', 'spotify.app.link'];

/** Stable codes, one per reason a pasted link is refused. */
export enum SpotifyLinkErrorCode {
  Empty = 'SpotifyLinkEmpty',
  TooLong = 'SpotifyLinkTooLong',
  NotALink = 'SpotifyLinkNotALink',
  Insecure = 'SpotifyLinkInsecure',
  Credentials = 'SpotifyLinkCredentials',
  Port = 'SpotifyLinkPort',
  LookalikeHost = 'SpotifyLinkLookalikeHost',
  ForeignHost = 'SpotifyLinkForeignHost',
  UnsupportedType = 'SpotifyLinkUnsupportedType',
  MalformedId = 'SpotifyLinkMalformedId',
  MalformedPath = 'SpotifyLinkMalformedPath',
  ShortLinkFailed = 'SpotifyShortLinkFailed',
  ShortLinkForeignTarget = 'SpotifyShortLinkForeignTarget',
  ShortLinkTooManyRedirects = 'SpotifyShortLinkTooManyRedirects',
}

/** A link or URI that cannot be used as a destination: 422 with a plain-English reason and a stable code. */
export class SpotifyLinkError extends SpotifyError {
  constructor(
    readonly reason: SpotifyLinkErrorCode,
    message: string,
  ) {
    super(reason, 422, message, { details: [{ field: 'url', reason: message }] });
  }
}

export interface SpotifyRef {
  type: SpotifyLinkType;
  /** 22 base-62 characters. */
  id: string;
  /** spotify:{type}:{id} */
  uri: string;
}

export type ParsedSpotifyLink =
  | ({ kind: 'item' } & SpotifyRef)
  /** A spotify.link short link: `url` is the normalised https URL to resolve. */
  | { kind: 'short'; url: string };

export function spotifyRef(type: SpotifyLinkType, id: string): SpotifyRef {
  return { type, id, uri: `spotify:${type}:${id}` };
}

export function isSpotifyLinkType(value: string): value is SpotifyLinkType {
  return (SPOTIFY_LINK_TYPES as readonly string[]).includes(value);
}

const fail = (code: SpotifyLinkErrorCode, message: string): never => {
  throw new SpotifyLinkError(code, message);
};

const SUPPORTED_LIST = 'a track, album, artist or playlist';

function checkTypeAndId(type: string, id: string): SpotifyRef {
  if (!isSpotifyLinkType(type)) {
    const what = UNSUPPORTED_TYPES[type];
    return fail(
      SpotifyLinkErrorCode.UnsupportedType,
      what
        ? `Spotify ${what} cannot be a destination. Paste a link to ${SUPPORTED_LIST}.`
        : `"${type}" is not a kind of Spotify item Soundlink supports. Paste a link to ${SUPPORTED_LIST}.`,
    );
  }
  if (!SPOTIFY_ID_PATTERN.test(id)) {
    return fail(
      SpotifyLinkErrorCode.MalformedId,
      `The ${type} id "${id.length > 40 ? `${id.slice(0, 40)}…` : id}" is not a Spotify id (22 letters and digits). ` +
        'Copy the link again with Share → Copy link.',
    );
  }
  return spotifyRef(type, id);
}

function parseUri(input: string): SpotifyRef {
  const parts = input.split(':');
  // Legacy playlist URIs: spotify:user:{user}:playlist:{id}
  if (parts.length === 5 && parts[1] === 'user' && parts[3] === 'playlist' && /^[\w.-]+$/.test(parts[2])) {
    return checkTypeAndId('playlist', parts[4]);
  }
  if (parts.length !== 3 || !/^[a-z]+$/.test(parts[1])) {
    return fail(
      SpotifyLinkErrorCode.MalformedPath,
      'A Spotify URI looks like spotify:track:<id>. Copy it again, or paste the open.spotify.com link.',
    );
  }
  return checkTypeAndId(parts[1], parts[2]);
}

/** Registrable-looking host that imitates Spotify: contains the brand or is written in punycode. */
function looksLikeSpotify(hostname: string): boolean {
  if (hostname.split('.').some((label) => label.startsWith('xn--'))) return true;
  const squashed = hostname.replace(/[^a-z0-9]/g, '');
  return /sp[o0]t[i1l]fy|spotify/.test(squashed);
}

function checkHost(url: URL): void {
  const host = url.hostname;
  if (host === OPEN_SPOTIFY_HOST || SHORT_LINK_HOSTS.includes(host)) return;
  const punycode = host.split('.').some((label) => label.startsWith('xn--'));
  if (!punycode && (host.endsWith('.spotify.com') || host === 'spotify.com')) {
    fail(
      SpotifyLinkErrorCode.ForeignHost,
      `Links must be on ${OPEN_SPOTIFY_HOST}, not ${host}. Use Share → Copy link in Spotify.`,
    );
  }
  if (looksLikeSpotify(host)) {
    fail(
      SpotifyLinkErrorCode.LookalikeHost,
      `${host} is not Spotify: it only looks like it. Only links on ${OPEN_SPOTIFY_HOST} or spotify.link are accepted.`,
    );
  }
  fail(
    SpotifyLinkErrorCode.ForeignHost,
    `${host} is not a Spotify address. Paste a link on ${OPEN_SPOTIFY_HOST} or spotify.link.`,
  );
}

/** Checks scheme, credentials, port and host of an absolute URL (shared with the short-link resolver). */
export function checkSpotifyUrl(raw: string): URL {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw)?.[1]?.toLowerCase();
  if (scheme === 'http') {
    fail(SpotifyLinkErrorCode.Insecure, 'The link must start with https://, not http://.');
  }
  if (scheme !== 'https' || !/^https:\/\/[^/\\]/i.test(raw)) {
    fail(
      SpotifyLinkErrorCode.NotALink,
      'This is not a Spotify link. Paste a link starting with https://open.spotify.com/ or a spotify: URI.',
    );
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(
      SpotifyLinkErrorCode.NotALink,
      'This is not a valid web address. Copy the link again with Share → Copy link.',
    );
  }
  const authority = /^https:\/\/([^/?#\\]*)/i.exec(raw)?.[1] ?? '';
  if (url.username || url.password || authority.includes('@')) {
    fail(SpotifyLinkErrorCode.Credentials, 'The link must not contain a user name or password.');
  }
  const port = /:(\d*)$/.exec(authority.replace(/^\[[^\]]*\]/, ''));
  if (url.port !== '' || (port && port[1] !== '443')) {
    fail(SpotifyLinkErrorCode.Port, 'The link must not name a port (such as :8443).');
  }
  checkHost(url);
  const writtenHost = authority.replace(/:\d*$/, '').toLowerCase();
  if (writtenHost !== url.hostname) {
    // Percent-encoded or otherwise disguised host that the URL parser normalised to a Spotify host.
    fail(
      SpotifyLinkErrorCode.LookalikeHost,
      `${writtenHost} is written in a disguised way. Copy the link again with Share → Copy link.`,
    );
  }
  return url;
}

function parsePath(url: URL): SpotifyRef {
  const segments = url.pathname.split('/').slice(1);
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop(); // one trailing slash
  const looksLike = `A Spotify link looks like https://${OPEN_SPOTIFY_HOST}/track/<id>. Copy it again with Share → Copy link.`;
  if (segments.length === 1 && segments[0] === '') fail(SpotifyLinkErrorCode.MalformedPath, looksLike);
  if (segments.some((s) => s === '')) {
    fail(
      SpotifyLinkErrorCode.MalformedPath,
      'The link has an unexpected shape. Copy it again with Share → Copy link.',
    );
  }
  if (segments[0] && /^intl-[a-z]{2}(-[a-z]{2,4})?$/i.test(segments[0])) segments.shift();
  if (segments[0] === 'embed') segments.shift();
  // Legacy playlist links: /user/{user}/playlist/{id}
  if (segments.length === 4 && segments[0] === 'user' && segments[2] === 'playlist') {
    return checkTypeAndId('playlist', segments[3]);
  }
  if (segments.length === 2) return checkTypeAndId(segments[0], segments[1]);
  if (segments.length >= 1 && segments[0] && !isSpotifyLinkType(segments[0]) && segments.length <= 3) {
    return checkTypeAndId(segments[0], segments[1] ?? '');
  }
  return fail(SpotifyLinkErrorCode.MalformedPath, looksLike);
}

/**
 * Parses a pasted destination strictly. Accepts `https://open.spotify.com[/intl-xx][/embed]/{type}/{id}`
 * (query and fragment ignored, one trailing slash allowed), `spotify:{type}:{id}` and spotify.link short links.
 * Throws SpotifyLinkError (422, stable code, plain-English reason) for anything else.
 */
export function parseSpotifyLink(input: unknown): ParsedSpotifyLink {
  if (typeof input !== 'string' || input.trim() === '') {
    return fail(SpotifyLinkErrorCode.Empty, 'Paste a Spotify link: the field is empty.');
  }
  const text = input.trim();
  if (text.length > MAX_LINK_LENGTH) {
    return fail(
      SpotifyLinkErrorCode.TooLong,
      `That is too long to be a Spotify link (over ${MAX_LINK_LENGTH} characters).`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(text)) {
    return fail(
      SpotifyLinkErrorCode.NotALink,
      'A Spotify link has no spaces or line breaks. Paste one link only.',
    );
  }
  if (/^spotify:/i.test(text)) return { kind: 'item', ...parseUri(text.replace(/^spotify:/i, 'spotify:')) };
  const url = checkSpotifyUrl(text);
  if (SHORT_LINK_HOSTS.includes(url.hostname)) {
    if (!/^\/[A-Za-z0-9_-]{1,64}\/?$/.test(url.pathname)) {
      fail(SpotifyLinkErrorCode.MalformedPath, 'This spotify.link short link is incomplete. Copy it again.');
    }
    return { kind: 'short', url: `https://${url.hostname}${url.pathname.replace(/\/$/, '')}` };
  }
  return { kind: 'item', ...parsePath(url) };
}

export interface FormatOptions {
  /** 'url' (default): https://open.spotify.com/{type}/{id}; 'uri': spotify:{type}:{id}. */
  style?: 'url' | 'uri';
}

/** The canonical link or URI of an item: `parseSpotifyLink(formatSpotifyLink(x))` gives back x. */
export function formatSpotifyLink(ref: Pick<SpotifyRef, 'type' | 'id'>, options: FormatOptions = {}): string {
  return options.style === 'uri'
    ? `spotify:${ref.type}:${ref.id}`
    : `https://${OPEN_SPOTIFY_HOST}/${ref.type}/${ref.id}`;
}
