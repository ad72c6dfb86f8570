/** The control API under /_sandbox/: routes each request to the Controller (control.ts). */
import { parseInstant } from './clock';
import type { Controller } from './control';
import { Core } from './core';
import { FaultInput } from './faults';
import { BadJson, json, jsonBody, noContent, Reply, RequestContext, text } from './http';
import { SandboxError } from './model';
import { placeholderSvg } from './placeholder-svg';
import { handlePlayPage } from './play-page';
import { listSamples } from './samples';
import { iso } from './serialize';
import type { PlayInput } from './types';
import type { SpotifyAppMode } from './web-api-gated';

function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string') throw new SandboxError(400, `${key} must be a string`);
  return v;
}

/** Routes /_sandbox/… requests. */
export async function handleControl(
  core: Core,
  controller: Controller,
  ctx: RequestContext,
  resetAll: () => void,
): Promise<Reply> {
  const seg = ctx.path.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const m = ctx.method;
  const route = seg.join('/');
  try {
    if (m === 'GET' && (route === '' || route === 'info')) return json(200, controller.info(ctx.publicUrl));
    if (m === 'GET' && route === 'catalog') return json(200, controller.catalog());
    // The newcomer's sample catalog and the "play" page (play-page.ts).
    if (m === 'GET' && route === 'samples') return json(200, listSamples(core.state.world));
    if (route === 'play') return await handlePlayPage(core, controller, ctx);
    if (seg[0] === 'images' && seg.length === 3 && m === 'GET') {
      const size = Number(seg[2].replace(/\.svg$/, ''));
      return text(
        200,
        placeholderSvg(core, seg[1], Number.isFinite(size) && size > 0 ? size : 300),
        'image/svg+xml',
      );
    }
    if (seg[0] === 'users') {
      if (seg.length === 1 && m === 'POST') {
        const body = await jsonBody(ctx);
        return json(
          201,
          controller.createUser({
            displayName: str(body, 'displayName'),
            simulate: body['simulate'] === true,
          }),
        );
      }
      if (seg.length === 3 && seg[2] === 'plays' && m === 'POST') {
        const body = await jsonBody(ctx);
        return json(201, controller.addPlay(seg[1], body as unknown as PlayInput, ctx.publicUrl));
      }
      if (seg.length === 3 && seg[2] === 'listen' && m === 'POST') {
        const body = await jsonBody(ctx);
        const count = body['count'];
        if (count !== undefined && typeof count !== 'number')
          throw new SandboxError(400, 'count must be a number');
        return json(202, controller.listen(seg[1], { contextUri: str(body, 'contextUri'), count }));
      }
      if (seg.length === 3 && seg[2] === 'history' && m === 'GET') {
        return json(
          200,
          controller
            .listeningLog(seg[1])
            .map((e) => ({ ...e, startedAt: iso(e.startedAt), endedAt: iso(e.endedAt) })),
        );
      }
    }
    if (seg[0] === 'playlists' && seg.length >= 3) {
      if (seg[2] === 'tracks' && seg.length === 3 && m === 'POST') {
        const body = await jsonBody(ctx);
        const position = body['position'];
        if (position !== undefined && typeof position !== 'number')
          throw new SandboxError(400, 'position must be a number');
        return json(201, controller.addPlaylistTracks(seg[1], body['trackIds'] as string[], position));
      }
      if (seg[2] === 'tracks' && seg.length === 4 && m === 'DELETE') {
        return json(200, controller.removePlaylistTrack(seg[1], seg[3]));
      }
      if (seg[2] === 'collaborators' && seg.length === 3 && m === 'POST') {
        const body = await jsonBody(ctx);
        return json(200, controller.addCollaborator(seg[1], str(body, 'userId')));
      }
    }
    if (seg[0] === 'faults') {
      if (seg.length === 1 && m === 'POST')
        return json(201, controller.addFault((await jsonBody(ctx)) as unknown as FaultInput));
      if (seg.length === 1 && m === 'GET') return json(200, controller.faults());
      if (seg.length === 1 && m === 'DELETE') {
        core.faults.clear();
        return noContent();
      }
      if (seg.length === 2 && m === 'DELETE') {
        if (!core.faults.remove(seg[1])) throw new SandboxError(404, 'Unknown fault');
        return noContent();
      }
    }
    if (route === 'clock') {
      if (m === 'POST') {
        const body = await jsonBody(ctx);
        // Everything is checked before anything changes: a 400 leaves the clock as it was.
        let now: number | undefined;
        if (body['now'] !== undefined) {
          if (typeof body['now'] !== 'string' && typeof body['now'] !== 'number')
            throw new SandboxError(400, 'now must be ISO');
          try {
            now = parseInstant(body['now']);
          } catch {
            throw new SandboxError(400, 'now must be an ISO date-time');
          }
        }
        const advanceMs = body['advanceMs'];
        if (advanceMs !== undefined && (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs))) {
          throw new SandboxError(400, 'advanceMs must be a number');
        }
        if (body['frozen'] !== undefined && typeof body['frozen'] !== 'boolean') {
          throw new SandboxError(400, 'frozen must be a boolean');
        }
        // Freeze before setting and thaw after: "now X, frozen" stops at exactly X, not X plus the
        // milliseconds this request took between the two steps.
        if (body['frozen'] === true) core.clock.freeze(true);
        if (now !== undefined) core.clock.set(now);
        if (typeof advanceMs === 'number') core.clock.advance(advanceMs);
        if (body['frozen'] === false) core.clock.freeze(false);
        core.simulation.catchUp();
      }
      if (m === 'POST' || m === 'GET')
        return json(200, { now: iso(core.clock.now()), frozen: core.clock.isFrozen() });
    }
    if (route === 'calls') {
      if (m === 'GET') return json(200, controller.calls(ctx.query.get('since') ?? undefined));
      if (m === 'DELETE') {
        core.state.calls = [];
        return noContent();
      }
    }
    if (route === 'tokens/revoke' && m === 'POST') {
      return json(200, controller.revokeTokens(str(await jsonBody(ctx), 'userId')));
    }
    if (route === 'config') {
      if (m === 'POST') {
        const body = await jsonBody(ctx);
        const cap = body['devModeUserCap'];
        if (cap !== undefined && typeof cap !== 'number')
          throw new SandboxError(400, 'devModeUserCap must be a number');
        const mode = body['mode'];
        if (mode !== undefined && typeof mode !== 'string')
          throw new SandboxError(400, 'mode must be a string');
        return json(
          200,
          controller.configure({ devModeUserCap: cap, mode: mode as SpotifyAppMode | undefined }),
        );
      }
      if (m === 'GET') return json(200, controller.configure({}));
    }
    if (route === 'reset' && m === 'POST') {
      resetAll();
      return json(200, { reset: true, now: iso(core.clock.now()) });
    }
    if (route === 'tokens' && m === 'POST') {
      const body = await jsonBody(ctx);
      const scope = body['scope'];
      const clientId = body['clientId'];
      return json(
        201,
        controller.issueToken({
          userId: str(body, 'userId'),
          scope: typeof scope === 'string' ? scope : undefined,
          clientId: typeof clientId === 'string' ? clientId : undefined,
        }),
      );
    }
    return json(404, { error: { status: 404, message: `No control route ${m} /_sandbox/${route}` } });
  } catch (e) {
    if (e instanceof SandboxError) return json(e.status, { error: { status: e.status, message: e.message } });
    if (e instanceof BadJson)
      return json(400, { error: { status: 400, message: `Invalid JSON body: ${e.message}` } });
    throw e;
  }
}
