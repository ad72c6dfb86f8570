/**
 * The sandbox's "play" control: a small page at /_sandbox/play where someone trying Soundlink alone makes a
 * sample listener play a few tracks, as if they had just listened on Spotify. It adds the plays through
 * the control API's own addPlay (POST /_sandbox/users/{id}/plays) and moves the sandbox's clock as the
 * control API's clock route can, so nothing here is a new way in.
 *
 * GET  /_sandbox/play?listener=&context=&count=   the form (query values preselect it)
 * POST /_sandbox/play  listener, context, count    plays a session from now on, moves the sandbox's clock to its
 *                                                   end and shows the form again with what was played
 */
import type { Controller } from './control';
import type { Core } from './core';
import { escapeHtml, formBody, html, Reply, RequestContext } from './http';
import { parseSpotifyRef, SandboxError } from './model';

export const PLAY_MAX_COUNT = 20;
const DEFAULT_COUNT = 3;

interface PlayChoice {
  listener: string;
  context: string;
  count: number;
}

interface Played {
  listener: string;
  contextName: string;
  trackNames: string[];
  /** From the start of the first track to the end of the last. */
  sessionMs: number;
  /** How far the sandbox's clock moved ahead so that the session is over. */
  clockMovedMs: number;
}

/** Handles GET and POST /_sandbox/play. */
export async function handlePlayPage(
  core: Core,
  controller: Controller,
  ctx: RequestContext,
): Promise<Reply> {
  if (ctx.method === 'GET') return page(core, choiceFrom(core, ctx.query), null, null, 200);
  if (ctx.method !== 'POST')
    return html(405, document('Not allowed', '<h1>Use the form</h1>'), { allow: 'GET, POST' });
  // A form post is a "simple" cross-site request: only this page itself may add plays through it.
  if (!sameOrigin(ctx)) return html(403, document('Refused', '<h1>Use the play page itself</h1>'));
  const form = await formBody(ctx);
  const choice = choiceFrom(core, form);
  try {
    const played = play(core, controller, choice, ctx.publicUrl);
    return page(core, choice, played, null, 200);
  } catch (error) {
    if (error instanceof SandboxError) return page(core, choice, null, error.message, error.status);
    throw error;
  }
}

/** True when the browser says the post comes from a page of this host (or says nothing: not a browser). */
function sameOrigin(ctx: RequestContext): boolean {
  const origin = ctx.req.headers.origin;
  if (!origin) return ctx.req.headers['sec-fetch-site'] !== 'cross-site';
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.split(',')[0]?.trim();
  const hosts = [first(ctx.req.headers.host), first(ctx.req.headers['x-forwarded-host'])];
  try {
    hosts.push(new URL(ctx.publicUrl).host);
  } catch {
    // a publicUrl that is no URL matches nothing
  }
  return hosts.includes(host);
}

function choiceFrom(core: Core, params: URLSearchParams): PlayChoice {
  const count = Number(params.get('count') ?? DEFAULT_COUNT);
  const listener = params.get('listener') ?? '';
  const w = core.state.world;
  return {
    listener: w.users.has(listener) ? listener : firstListener(core),
    context: normalizeContext(params.get('context') ?? ''),
    count: Number.isInteger(count) ? count : DEFAULT_COUNT,
  };
}

function firstListener(core: Core): string {
  const users = [...core.state.world.users.values()];
  return (users.find((u) => u.kind === 'listener') ?? users[0])?.id ?? '';
}

/** Accepts a spotify: URI or an open.spotify.com link; answers the URI (or the input when neither). */
function normalizeContext(input: string): string {
  const ref = parseSpotifyRef(input.trim());
  return ref ? `spotify:${ref.type}:${ref.id}` : input.trim();
}

/** The tracks a context stands for, in order: a playlist's entries, an album's tracks, an artist's top tracks. */
function contextTracks(core: Core, type: string, id: string): { name: string; trackIds: string[] } {
  const w = core.state.world;
  switch (type) {
    case 'playlist': {
      const p = w.playlists.get(id);
      if (p) return { name: p.name, trackIds: p.entries.map((e) => e.trackId) };
      break;
    }
    case 'album': {
      const a = w.albums.get(id);
      if (a) return { name: a.name, trackIds: a.trackIds };
      break;
    }
    case 'artist': {
      const a = w.artists.get(id);
      if (a) return { name: a.name, trackIds: core.simulation.artistTopTrackIds(id) };
      break;
    }
    case 'track': {
      const t = w.tracks.get(id);
      if (t) return { name: t.name, trackIds: [t.id] };
      break;
    }
  }
  throw new SandboxError(
    404,
    'The sandbox has no such playlist, album, artist or track: choose one from the list.',
  );
}

/**
 * Plays `count` tracks as one listening session that starts now: the first track starts now, each next one
 * when the previous ends (played_at is when a track ended, as on Spotify). The sandbox's clock then moves
 * ahead to the end of the last track, as if that much time had passed, so the session is over and
 * recently-played shows it at once; every track started after whatever click and connect came before.
 */
function play(core: Core, controller: Controller, choice: PlayChoice, publicUrl: string): Played {
  const user = core.state.world.users.get(choice.listener);
  if (!user) throw new SandboxError(400, 'Choose a sample listener.');
  if (choice.count < 1 || choice.count > PLAY_MAX_COUNT)
    throw new SandboxError(400, `Play between 1 and ${PLAY_MAX_COUNT} tracks.`);
  const ref = parseSpotifyRef(choice.context);
  if (!ref) throw new SandboxError(400, 'Choose what to play.');
  const { name, trackIds } = contextTracks(core, ref.type, ref.id);
  if (trackIds.length === 0) throw new SandboxError(409, `“${name}” has no tracks to play.`);
  const context = ref.type === 'track' ? null : { type: ref.type, uri: `spotify:${ref.type}:${ref.id}` };
  const tracks = Array.from({ length: choice.count }, (_, i) => {
    const trackId = trackIds[i % trackIds.length];
    return { trackId, track: core.state.world.tracks.get(trackId) };
  });
  const startedAt = core.clock.now();
  const endedAt = startedAt + tracks.reduce((sum, t) => sum + (t.track?.durationMs ?? 0), 0);
  // A simulated listener (the demo's background listening) does not play anything else meanwhile.
  core.simulation.occupy(user.id, startedAt, endedAt);
  let end = startedAt;
  for (const { trackId, track } of tracks) {
    end += track?.durationMs ?? 0;
    controller.addPlay(user.id, { trackId, playedAt: end, context }, publicUrl);
  }
  const clockMovedMs = Math.max(0, endedAt - core.clock.now());
  core.clock.advance(clockMovedMs);
  // As the clock route does: the simulated listeners' plays of the time that passed.
  core.simulation.catchUp();
  return {
    listener: user.displayName,
    contextName: name,
    trackNames: tracks.map((t) => t.track?.name ?? t.trackId),
    sessionMs: endedAt - startedAt,
    clockMovedMs,
  };
}

/** "11 min 4 s", "42 s": how long a session lasted, how far the clock moved. */
export function minutesAndSeconds(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const min = Math.floor(seconds / 60);
  const s = seconds % 60;
  return min === 0 ? `${s} s` : s === 0 ? `${min} min` : `${min} min ${s} s`;
}

function page(
  core: Core,
  choice: PlayChoice,
  played: Played | null,
  problem: string | null,
  status: number,
): Reply {
  const w = core.state.world;
  const users = [...w.users.values()].sort((a, b) => kindRank(a.kind) - kindRank(b.kind));
  const option = (value: string, label: string, selected: boolean) =>
    `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const listenerOptions = users.map((u) => option(u.id, u.displayName, u.id === choice.listener)).join('');
  const byName = <T extends { name: string }>(items: Iterable<T>) =>
    [...items].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  const group = (label: string, type: string, items: Array<{ id: string; name: string }>) =>
    `<optgroup label="${label}">${items
      .map((i) => option(`spotify:${type}:${i.id}`, i.name, choice.context === `spotify:${type}:${i.id}`))
      .join('')}</optgroup>`;
  const contextOptions =
    group('Playlists', 'playlist', byName(w.playlists.values())) +
    group('Albums', 'album', byName(w.albums.values())) +
    group('Artists', 'artist', byName(w.artists.values())) +
    group('Tracks', 'track', byName(w.tracks.values()));
  const result = played
    ? `<div class="done" role="status"><p><strong>${escapeHtml(played.listener)}</strong> played ${
        played.trackNames.length
      } ${played.trackNames.length === 1 ? 'track' : 'tracks'} of “${escapeHtml(played.contextName)}”, ${
        played.trackNames.length === 1 ? 'from its start' : 'one after the other'
      }, ${minutesAndSeconds(played.sessionMs)} in all:</p><ol>${played.trackNames
        .map((n) => `<li>${escapeHtml(n)}</li>`)
        .join('')}</ol><p>${
        played.clockMovedMs > 0
          ? `The sandbox's clock moved ${minutesAndSeconds(played.clockMovedMs)} ahead, to the end of the last track, as if you had listened that long: `
          : ''
      }Spotify reports a play when it ends, and Soundlink counts it for a campaign only when it started after the click. Soundlink reads them at its next poll of this listener, or at once when the listener presses <strong>Sync now</strong> on their Soundlink page (<code>/me</code>).</p></div>`
    : '';
  const error = problem ? `<p class="error" role="alert">${escapeHtml(problem)}</p>` : '';
  return html(
    status,
    document(
      'Play',
      `<h1>Play as a sample listener</h1>
<p class="muted">Makes a sandbox user play tracks on Spotify, one after the other from now on; the sandbox's clock
then moves ahead to the end of the last one, as if you had listened. Connect as the same listener from your
tracker link first, so Soundlink follows them and the plays start after your click.</p>
${result}${error}
<form method="post" action="play">
<label for="listener">Sample listener</label>
<select id="listener" name="listener">${listenerOptions}</select>
<label for="context">What to play</label>
<select id="context" name="context">${contextOptions}</select>
<label for="count">How many tracks</label>
<input id="count" name="count" type="number" min="1" max="${PLAY_MAX_COUNT}" value="${
        choice.count >= 1 && choice.count <= PLAY_MAX_COUNT ? choice.count : DEFAULT_COUNT
      }">
<button type="submit">Play</button>
</form>`,
    ),
  );
}

function kindRank(kind: string): number {
  return kind === 'listener' ? 0 : kind === 'custom' ? 1 : 2;
}

function document(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Spotify sandbox</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#121212;color:#fff;margin:0;display:flex;justify-content:center}
main{max-width:480px;width:100%;padding:40px 24px;box-sizing:border-box}
h1{font-size:1.6rem;margin:0 0 8px}.muted{color:#b3b3b3}.error{color:#ff8a94;font-weight:600}
label{display:block;font-weight:600;margin:16px 0 6px}
select,input{width:100%;box-sizing:border-box;font:inherit;padding:10px;border-radius:6px;border:1px solid #878787;background:#1e1e1e;color:#fff}
button{margin-top:20px;width:100%;border:0;border-radius:500px;padding:12px 20px;font-weight:700;font-size:1rem;cursor:pointer;background:#1ed760;color:#000}
:focus-visible{outline:3px solid #fff;outline-offset:2px}
.done{border:1px solid #1ed760;border-radius:8px;padding:4px 16px;margin:16px 0}
code{color:#fff}
.badge{display:inline-block;font-size:.75rem;background:#333;border-radius:4px;padding:2px 6px;margin-bottom:16px}
</style></head><body><main><span class="badge">Spotify sandbox</span>${body}</main></body></html>`;
}
