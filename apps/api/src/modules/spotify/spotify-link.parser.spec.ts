import fc from 'fast-check';
import {
  formatSpotifyLink,
  MAX_LINK_LENGTH,
  parseSpotifyLink,
  SPOTIFY_LINK_TYPES,
  SpotifyLinkError,
  SpotifyLinkErrorCode,
} from './spotify-link.parser';

const ID = '4uLU6hMCjMI75M1A2tKUQC';

/** The error code parseSpotifyLink throws for input, or 'ok'. */
function outcome(input: unknown): string {
  try {
    parseSpotifyLink(input);
    return 'ok';
  } catch (error) {
    if (error instanceof SpotifyLinkError) return error.reason;
    throw error;
  }
}

const idArb = fc.stringMatching(/^[0-9A-Za-z]{22}$/);
const typeArb = fc.constantFrom(...SPOTIFY_LINK_TYPES);
const localeArb = fc.option(fc.constantFrom('intl-de', 'intl-fr', 'intl-pt', 'intl-ja', 'intl-es'), {
  nil: undefined,
});
const queryArb = fc.option(
  fc
    .array(
      fc.tuple(
        fc.constantFrom('si', 'utm_source', 'context', 'nd', 'pi', 'go'),
        fc.stringMatching(/^[0-9A-Za-z%._-]{0,24}$/),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  { nil: undefined },
);

describe('parseSpotifyLink: what owners paste', () => {
  it('parses every valid open.spotify.com link to its type and id, whatever the locale, embed, query or slash', () => {
    fc.assert(
      fc.property(
        typeArb,
        idArb,
        localeArb,
        fc.boolean(),
        queryArb,
        fc.boolean(),
        fc.boolean(),
        (type, id, locale, embed, query, slash, upperHost) => {
          const host = upperHost ? 'OPEN.SPOTIFY.COM' : 'open.spotify.com';
          const path = [locale, embed ? 'embed' : undefined, type, id].filter(Boolean).join('/');
          const link = `https://${host}/${path}${slash ? '/' : ''}${query ?? ''}`;
          expect(parseSpotifyLink(link)).toEqual({ kind: 'item', type, id, uri: `spotify:${type}:${id}` });
        },
      ),
    );
  });

  it('parses spotify: URIs and tolerates surrounding whitespace', () => {
    fc.assert(
      fc.property(typeArb, idArb, fc.constantFrom('', ' ', '\n', '\t '), (type, id, pad) => {
        expect(parseSpotifyLink(`${pad}spotify:${type}:${id}${pad}`)).toEqual({
          kind: 'item',
          type,
          id,
          uri: `spotify:${type}:${id}`,
        });
      }),
    );
  });

  it('round-trips: parse(format(x)) gives x back, as a link and as a URI', () => {
    fc.assert(
      fc.property(typeArb, idArb, fc.constantFrom('url' as const, 'uri' as const), (type, id, style) => {
        const parsed = parseSpotifyLink(formatSpotifyLink({ type, id }, { style }));
        expect(parsed).toEqual({ kind: 'item', type, id, uri: `spotify:${type}:${id}` });
      }),
    );
  });

  it('rejects every look-alike host, whatever the path', () => {
    const lookalike = fc.constantFrom(
      'open.spotify.com.evil.io',
      'open-spotify.com',
      'spotify.com.evil.io',
      'open.spotlfy.com',
      'open.sp0tify.com',
      'xn--open-spotify-xyz.com',
      'open.xn--sptify-4va.com',
      'openspotify.co',
      'open.spotify.com.',
    );
    fc.assert(
      fc.property(lookalike, typeArb, idArb, (host, type, id) => {
        expect(outcome(`https://${host}/${type}/${id}`)).toBe(SpotifyLinkErrorCode.LookalikeHost);
      }),
    );
  });

  it('rejects every other scheme, and http: with its own reason', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'HTTP', 'ftp', 'javascript', 'file', 'data', 'ws', 'wss'),
        typeArb,
        idArb,
        (scheme, type, id) => {
          const code = outcome(`${scheme}://open.spotify.com/${type}/${id}`);
          expect(code).toBe(
            scheme.toLowerCase() === 'http' ? SpotifyLinkErrorCode.Insecure : SpotifyLinkErrorCode.NotALink,
          );
        },
      ),
    );
  });

  it('rejects every non-default port', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 65535 }).filter((p) => p !== 443),
        typeArb,
        idArb,
        (port, type, id) => {
          expect(outcome(`https://open.spotify.com:${port}/${type}/${id}`)).toBe(SpotifyLinkErrorCode.Port);
        },
      ),
    );
    expect(outcome(`https://open.spotify.com:443/track/${ID}`)).toBe('ok');
  });

  it('rejects credentials in the URL, whatever they are', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{0,8}(:[a-z0-9]{0,8})?$/), idArb, (userinfo, id) => {
        expect(outcome(`https://${userinfo}@open.spotify.com/track/${id}`)).toBe(
          SpotifyLinkErrorCode.Credentials,
        );
      }),
    );
  });

  it('rejects every id that is not 22 base-62 characters', () => {
    const badId = fc.oneof(
      fc.stringMatching(/^[0-9A-Za-z]{1,21}$/),
      fc.stringMatching(/^[0-9A-Za-z]{23,40}$/),
      fc.stringMatching(/^[0-9A-Za-z]{10}[-_.~!$]{1}[0-9A-Za-z]{11}$/),
    );
    fc.assert(
      fc.property(typeArb, badId, (type, id) => {
        expect(outcome(`https://open.spotify.com/${type}/${id}`)).toBe(SpotifyLinkErrorCode.MalformedId);
        expect(outcome(`spotify:${type}:${id}`)).toBe(SpotifyLinkErrorCode.MalformedId);
      }),
    );
  });

  it('never throws anything but a SpotifyLinkError, and never accepts a non-Spotify host', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true })),
        (s) => {
          let parsed;
          try {
            parsed = parseSpotifyLink(s);
          } catch (error) {
            expect(error).toBeInstanceOf(SpotifyLinkError);
            return;
          }
          expect(parsed.kind === 'short' || SPOTIFY_LINK_TYPES.includes(parsed.type)).toBe(true);
          if (/^https:/i.test(s.trim())) {
            expect(['open.spotify.com', 'spotify.link', 'spotify.app.link']).toContain(
              new URL(s.trim()).hostname,
            );
          }
        },
      ),
    );
  });
});

describe('parseSpotifyLink: each rejection has a stable code and a plain-English reason', () => {
  const cases: Array<[string, unknown, SpotifyLinkErrorCode, RegExp]> = [
    ['empty input', '', SpotifyLinkErrorCode.Empty, /empty/],
    ['whitespace only', '  \n\t ', SpotifyLinkErrorCode.Empty, /empty/],
    ['not a string', 42, SpotifyLinkErrorCode.Empty, /empty/],
    [
      'over-long input',
      `https://open.spotify.com/track/${ID}?si=${'a'.repeat(MAX_LINK_LENGTH)}`,
      SpotifyLinkErrorCode.TooLong,
      /too long/,
    ],
    [
      'two links pasted',
      `spotify:track:${ID} spotify:track:${ID}`,
      SpotifyLinkErrorCode.NotALink,
      /one link/,
    ],
    ['plain words', 'my favourite song', SpotifyLinkErrorCode.NotALink, /one link|not a Spotify link/],
    ['missing scheme', `open.spotify.com/track/${ID}`, SpotifyLinkErrorCode.NotALink, /https:\/\//],
    ['http', `http://open.spotify.com/track/${ID}`, SpotifyLinkErrorCode.Insecure, /https:\/\//],
    [
      'backslashes',
      `https:\\\\open.spotify.com\\track\\${ID}`,
      SpotifyLinkErrorCode.NotALink,
      /not a Spotify link/,
    ],
    [
      'credentials',
      `https://user:pass@open.spotify.com/track/${ID}`,
      SpotifyLinkErrorCode.Credentials,
      /password/,
    ],
    [
      'an empty userinfo',
      `https://@open.spotify.com/track/${ID}`,
      SpotifyLinkErrorCode.Credentials,
      /user name/,
    ],
    ['port', `https://open.spotify.com:8443/track/${ID}`, SpotifyLinkErrorCode.Port, /port/],
    [
      'look-alike suffix',
      `https://open.spotify.com.evil.io/track/${ID}`,
      SpotifyLinkErrorCode.LookalikeHost,
      /not Spotify/,
    ],
    [
      'look-alike dash',
      `https://open-spotify.com/track/${ID}`,
      SpotifyLinkErrorCode.LookalikeHost,
      /not Spotify/,
    ],
    [
      'punycode (Cyrillic o)',
      `https://\u043epen.spotify.com/track/${ID}`,
      SpotifyLinkErrorCode.LookalikeHost,
      /not Spotify/,
    ],
    [
      'percent-encoded host',
      `https://open.spotify%2Ecom/track/${ID}`,
      SpotifyLinkErrorCode.LookalikeHost,
      /disguised/,
    ],
    [
      'another host',
      `https://example.com/track/${ID}`,
      SpotifyLinkErrorCode.ForeignHost,
      /not a Spotify address/,
    ],
    [
      'another spotify.com host',
      `https://play.spotify.com/track/${ID}`,
      SpotifyLinkErrorCode.ForeignHost,
      /open\.spotify\.com/,
    ],
    ['a podcast', `https://open.spotify.com/show/${ID}`, SpotifyLinkErrorCode.UnsupportedType, /podcasts/],
    ['an episode', `spotify:episode:${ID}`, SpotifyLinkErrorCode.UnsupportedType, /podcast episodes/],
    [
      'a user profile',
      'https://open.spotify.com/user/nightjar',
      SpotifyLinkErrorCode.UnsupportedType,
      /user profiles/,
    ],
    [
      'an unknown type',
      `https://open.spotify.com/banana/${ID}`,
      SpotifyLinkErrorCode.UnsupportedType,
      /"banana"/,
    ],
    ['a short id', 'https://open.spotify.com/track/abc', SpotifyLinkErrorCode.MalformedId, /22 letters/],
    [
      'an id with symbols',
      `spotify:track:${ID.slice(0, 21)}!`,
      SpotifyLinkErrorCode.MalformedId,
      /22 letters/,
    ],
    ['the home page', 'https://open.spotify.com/', SpotifyLinkErrorCode.MalformedPath, /looks like/],
    [
      'extra segments',
      `https://open.spotify.com/track/${ID}/extra`,
      SpotifyLinkErrorCode.MalformedPath,
      /looks like/,
    ],
    [
      'double slash',
      `https://open.spotify.com//track/${ID}`,
      SpotifyLinkErrorCode.MalformedPath,
      /unexpected shape/,
    ],
    ['a broken URI', 'spotify:track', SpotifyLinkErrorCode.MalformedPath, /spotify:track:<id>/],
    ['an empty short link', 'https://spotify.link/', SpotifyLinkErrorCode.MalformedPath, /incomplete/],
  ];

  it.each(cases)('%s', (_name, input, code, reason) => {
    let error: unknown;
    try {
      parseSpotifyLink(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SpotifyLinkError);
    const linkError = error as SpotifyLinkError;
    expect(linkError.reason).toBe(code);
    expect(linkError.code).toBe(code);
    expect(linkError.status).toBe(422);
    expect(linkError.message).toMatch(reason);
    expect(linkError.details).toEqual([{ field: 'url', reason: linkError.message }]);
  });

  it('accepts legacy user playlist links and URIs, and the documented query-ful share link', () => {
    expect(parseSpotifyLink(`https://open.spotify.com/user/nightjar/playlist/${ID}`)).toMatchObject({
      type: 'playlist',
      id: ID,
    });
    expect(parseSpotifyLink(`spotify:user:nightjar:playlist:${ID}`)).toMatchObject({
      type: 'playlist',
      id: ID,
    });
    expect(parseSpotifyLink(`https://open.spotify.com/intl-de/album/${ID}?si=abc#x`)).toMatchObject({
      type: 'album',
      id: ID,
    });
  });

  it('recognises spotify.link short links without resolving them', () => {
    expect(parseSpotifyLink('https://spotify.link/AbC123xyz?foo=1')).toEqual({
      kind: 'short',
      url: 'https://spotify.link/AbC123xyz',
    });
    expect(outcome('http://spotify.link/AbC123xyz')).toBe(SpotifyLinkErrorCode.Insecure);
  });
});
