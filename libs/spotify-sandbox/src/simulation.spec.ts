import type { ListeningEvent } from './index';
import { ALL_SCOPES, api, control, Harness, startSandbox } from './testing/harness';

interface Item {
  track: { id: string; duration_ms: number };
  played_at: string;
  context: { type: string; uri: string } | null;
}
interface Page {
  items: Item[];
}

const HOUR = 3_600_000;

async function recentlyPlayed(h: Harness, userId: string): Promise<Item[]> {
  const t = h.sandbox.issueToken({ userId, scope: ALL_SCOPES }).access_token;
  const res = await api<Page>(h.base, '/v1/me/player/recently-played?limit=50', t);
  expect(res.status).toBe(200);
  return res.body.items;
}

function sessions(events: ListeningEvent[]): ListeningEvent[][] {
  const out = new Map<number, ListeningEvent[]>();
  for (const e of events) out.set(e.sessionId, [...(out.get(e.sessionId) ?? []), e]);
  return [...out.values()];
}

describe('simulated listening', () => {
  let h: Harness;
  let listeners: string[];

  beforeAll(async () => {
    h = await startSandbox({ simulation: { enabled: true }, devModeUserCap: 50 });
    listeners = h.sandbox.info().listenerIds;
  });
  afterAll(() => h.close());

  it('seeds three days of history', async () => {
    for (const id of listeners) {
      const log = h.sandbox.listeningLog(id);
      expect(log.length).toBeGreaterThan(5);
      expect(Math.min(...log.map((e) => e.startedAt))).toBeLessThan(h.sandbox.clock.now() - 24 * HOUR);
    }
  });

  it('produces plays as the clock advances, with realistic properties', async () => {
    const { body: frozen } = await control<{ now: string }>(h.base, 'POST', '/clock', { frozen: true });
    const START = frozen.now;
    const before = new Map(listeners.map((id) => [id, h.sandbox.listeningLog(id).length]));
    const adv = await control<{ now: string }>(h.base, 'POST', '/clock', { advanceMs: 48 * HOUR });
    expect(adv.body.now).toBe(new Date(Date.parse(START) + 48 * HOUR).toISOString());

    const contextTypes = new Set<string>();
    let skips = 0;
    let plays = 0;
    for (const id of listeners) {
      const log = h.sandbox.listeningLog(id);
      const fresh = log.slice(before.get(id)!).filter((e) => e.startedAt >= Date.parse(START));
      expect(fresh.length).toBeGreaterThan(0);
      // every listener plays something each day, none more than 150 tracks a day (a light listener with two
      // short sessions a day may play fewer than 5: the average over all of them is checked below)
      const played = fresh.filter((e) => !e.skipped);
      plays += played.length;
      skips += fresh.length - played.length;
      expect(played.length / 2).toBeGreaterThanOrEqual(1);
      expect(played.length / 2).toBeLessThanOrEqual(150);

      // sessions: back-to-back tracks inside, at least 20 minutes between them, never overlapping
      const ordered = [...fresh].sort((a, b) => a.startedAt - b.startedAt);
      for (let i = 1; i < ordered.length; i++) {
        expect(ordered[i].startedAt).toBeGreaterThanOrEqual(ordered[i - 1].endedAt);
        const gap = ordered[i].startedAt - ordered[i - 1].endedAt;
        if (ordered[i].sessionId === ordered[i - 1].sessionId) expect(gap).toBeLessThanOrEqual(3000);
        else expect(gap).toBeGreaterThanOrEqual(20 * 60_000);
      }
      for (const s of sessions(fresh)) {
        const ctx = JSON.stringify(s[0].context);
        for (const e of s) expect(JSON.stringify(e.context)).toBe(ctx);
      }

      // recently-played: only plays listened to for 30 s or more, played_at = when the track stopped
      const items = await recentlyPlayed(h, id);
      expect(items.length).toBeGreaterThan(0);
      const byEnd = new Map(log.map((e) => [`${e.trackId}@${e.endedAt}`, e]));
      for (const item of items) {
        const event = byEnd.get(`${item.track.id}@${Date.parse(item.played_at)}`);
        expect(event).toBeDefined();
        expect(event!.msPlayed).toBeGreaterThanOrEqual(30_000);
        expect(event!.msPlayed).toBeLessThanOrEqual(item.track.duration_ms);
        expect(JSON.stringify(event!.context)).toBe(
          JSON.stringify(item.context && { type: item.context.type, uri: item.context.uri }),
        );
        contextTypes.add(item.context ? item.context.type : 'null');
      }
      const skipped = new Set(log.filter((e) => e.skipped).map((e) => `${e.trackId}@${e.endedAt}`));
      for (const item of items)
        expect(skipped.has(`${item.track.id}@${Date.parse(item.played_at)}`)).toBe(false);
    }
    expect(skips).toBeGreaterThan(0);
    expect(skips).toBeLessThan(plays);
    // on average a few tracks per active hour: between 5 and 150 a day per listener
    expect(plays / listeners.length / 2).toBeGreaterThanOrEqual(5);
    expect(plays / listeners.length / 2).toBeLessThanOrEqual(150);
    expect(contextTypes).toEqual(new Set(['null', 'playlist', 'playlist_v2', 'album', 'artist']));
  });

  it('makes a user play a context soon after POST /users/{id}/listen', async () => {
    const id = listeners[3];
    const demo = h.sandbox.info().demoPlaylistId;
    const demoTracks = h.sandbox.catalog().playlists.find((p) => p.id === demo)!.trackIds;
    const res = await control<{ plays: Array<{ trackId: string; playedAt: string }> }>(
      h.base,
      'POST',
      `/users/${id}/listen`,
      {
        contextUri: `spotify:playlist:${demo}`,
        count: 4,
      },
    );
    expect(res.status).toBe(202);
    expect(res.body.plays.map((p) => p.trackId)).toEqual(demoTracks.slice(0, 4));
    const now = h.sandbox.clock.now();
    const last = Date.parse(res.body.plays[3].playedAt);
    expect(Date.parse(res.body.plays[0].playedAt)).toBeGreaterThan(now + 30_000);
    expect(last - now).toBeLessThan(30 * 60_000);
    expect((await recentlyPlayed(h, id)).map((i) => i.played_at)).not.toContain(res.body.plays[0].playedAt);
    await control(h.base, 'POST', '/clock', { advanceMs: last - now });
    const items = await recentlyPlayed(h, id);
    const campaign = items.filter(
      (i) =>
        i.context?.uri === `spotify:playlist:${demo}` &&
        res.body.plays.some((p) => p.playedAt === i.played_at),
    );
    expect(campaign.map((i) => i.track.id).reverse()).toEqual(demoTracks.slice(0, 4));
    expect(campaign[0].context!.type).toBe('playlist');
    // the simulated listener does not play anything else meanwhile
    const during = items.filter(
      (i) =>
        Date.parse(i.played_at) > now &&
        Date.parse(i.played_at) <= last &&
        !res.body.plays.some((p) => p.playedAt === i.played_at),
    );
    expect(during).toEqual([]);
  });

  it('listen works without the simulation and validates its input', async () => {
    const quiet = await startSandbox();
    try {
      const user = quiet.sandbox.createUser({ displayName: 'Clicker' });
      const album = quiet.sandbox.catalog().albums[0];
      const scheduled = quiet.sandbox.scheduleListening(user.id, {
        contextUri: `https://open.spotify.com/album/${album.id}?si=abc`,
      });
      expect(scheduled.plays.map((p) => p.trackId)).toEqual(
        album.trackIds.concat(album.trackIds, album.trackIds).slice(0, 3),
      );
      quiet.sandbox.clock.advance(Date.parse(scheduled.plays[2].playedAt) - quiet.sandbox.clock.now());
      const items = await recentlyPlayed(quiet, user.id);
      expect(items).toHaveLength(3);
      expect(items[0].context).toMatchObject({ type: 'album', uri: `spotify:album:${album.id}` });
      expect(
        (await control(quiet.base, 'POST', `/users/${user.id}/listen`, { contextUri: 'spotify:track:x' }))
          .status,
      ).toBe(400);
      expect(
        (
          await control(quiet.base, 'POST', `/users/${user.id}/listen`, {
            contextUri: `spotify:playlist:${'0'.repeat(22)}`,
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await control(quiet.base, 'POST', `/users/${user.id}/listen`, {
            contextUri: `spotify:album:${album.id}`,
            count: 0,
          })
        ).status,
      ).toBe(400);
      // nothing else is generated when the simulation is off
      quiet.sandbox.clock.advance(24 * HOUR);
      expect(await recentlyPlayed(quiet, user.id)).toHaveLength(3);
      const listener = quiet.sandbox.info().listenerIds[0];
      const historyLength = quiet.sandbox.listeningLog(listener).length;
      quiet.sandbox.clock.advance(24 * HOUR);
      expect(quiet.sandbox.listeningLog(listener)).toHaveLength(historyLength);
    } finally {
      await quiet.close();
    }
  });

  it('is deterministic for a seed, and speed multiplies the pace', async () => {
    const make = async (speed: number) => {
      const s = await startSandbox({ simulation: { enabled: true, speed } });
      s.sandbox.clock.freeze();
      return s;
    };
    const [a, b, fast] = await Promise.all([make(1), make(1), make(30)]);
    try {
      const id = a.sandbox.info().listenerIds[2];
      const seq = (s: Harness) => s.sandbox.listeningLog(id).map((e) => `${e.trackId}:${e.msPlayed}`);
      expect(seq(a)).toEqual(seq(b));
      const history = seq(a).length;
      for (const s of [a, fast]) s.sandbox.clock.advance(6 * HOUR);
      const slowCount = seq(a).length - history;
      const fastCount = seq(fast).length - history;
      expect(fastCount).toBeGreaterThan(slowCount * 5);
      // at speed 30 the gaps between tracks shrink accordingly
      const fastLog = fast.sandbox.listeningLog(id).slice(history);
      const sameSession = fastLog.filter((e, i) => i > 0 && e.sessionId === fastLog[i - 1].sessionId);
      for (const e of sameSession)
        expect(e.endedAt - e.startedAt).toBeLessThanOrEqual(Math.ceil(e.msPlayed / 30) + 1);
    } finally {
      await Promise.all([a.close(), b.close(), fast.close()]);
    }
  });

  it('simulated users can be added through the control API', async () => {
    const created = await control<{ id: string }>(h.base, 'POST', '/users', {
      displayName: 'Sim Newbie',
      simulate: true,
    });
    expect(created.status).toBe(201);
    expect(h.sandbox.listeningLog(created.body.id)).toHaveLength(0);
    await control(h.base, 'POST', '/clock', { advanceMs: 72 * HOUR });
    expect(h.sandbox.listeningLog(created.body.id).length).toBeGreaterThan(0);
  });
});
