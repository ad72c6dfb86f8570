import { DomainError } from '../../common/errors/api-error';
import type { SpotifyRef } from './spotify-link.parser';
import type { SpotifySandboxHost } from './spotify-sandbox-host.service';
import { SpotifyNotFoundError } from './spotify.errors';

/** Stable code: a link the built-in Spotify sandbox does not know (e.g. a real Spotify link in sandbox mode). */
export const SANDBOX_UNKNOWN_ITEM = 'SandboxUnknownItem';

const KIND_WORDS: Record<string, string> = {
  track: 'track',
  album: 'album',
  artist: 'artist',
  playlist: 'playlist',
};

/** Spotify-owned editorial playlists answer 404 to apps, in sandbox mode and with a real app alike. */
const EDITORIAL_PREFIX = '37i9dQZF';

export const sandboxUnknownItem = (type: string, id = '') =>
  new DomainError(
    SANDBOX_UNKNOWN_ITEM,
    422,
    `Soundlink runs in sandbox mode: a built-in Spotify emulator stands in for Spotify, and it knows only its ` +
      `sample catalog, which has no such ${KIND_WORDS[type] ?? 'item'}. Pick a sample instead (“Pick a sample” ` +
      `beside the link, or GET /api/v1/sandbox/samples). Real Spotify links work once a Spotify app is ` +
      `configured (SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET; see “Use your own Spotify app” in the README)` +
      (type === 'playlist' && id.startsWith(EDITORIAL_PREFIX)
        ? ', except Spotify-owned editorial playlists, which Spotify does not show to apps at all.'
        : '.'),
    [{ field: 'destination', reason: 'is not in the Spotify sandbox’s sample catalog; pick a sample' }],
  );

/**
 * In sandbox mode a Spotify 404 for an item the sandbox does not know at all means "not a sample" (most
 * likely a real Spotify link), which deserves its own explanation rather than "Spotify has no such item".
 * Items the sandbox knows but hides (private playlists) keep their SpotifyNotFound answer.
 */
export function explainSandboxMiss(
  error: unknown,
  ref: SpotifyRef,
  host: SpotifySandboxHost | undefined,
): unknown {
  if (!(error instanceof SpotifyNotFoundError) || !host?.enabled) return error;
  let known: boolean;
  try {
    known = host.sandbox.hasSample(ref.type, ref.id);
  } catch {
    return error; // not mounted yet
  }
  return known ? error : sandboxUnknownItem(ref.type, ref.id);
}
