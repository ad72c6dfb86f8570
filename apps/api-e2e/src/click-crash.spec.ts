import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOutsideDatabase } from './support/database';
import { HttpClient } from './support/http-client';
import { startProduct } from './support/product';
import { DESKTOP_USER_AGENT } from './support/sandbox';

const CONNECTIONS = 32;
/** Redirects answered before the kill: enough that clicks are waiting in every stage of their way. */
const ANSWERED_BEFORE_KILL = 4_000;

/** One tracker-link visit over a kept-alive connection: the click id of the 302, or the error that ended it. */
function visit(agent: Agent, url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent, headers: { 'user-agent': DESKTOP_USER_AGENT } }, (res) => {
      res.resume();
      const location = res.headers.location ?? '';
      const clickId = /[?&]click=([0-9a-f-]{36})/.exec(location)?.[1];
      if (res.statusCode === 302 && clickId) resolve(clickId);
      else reject(new Error(`Unexpected answer ${res.statusCode} ${location}`));
    });
    req.on('error', reject);
  });
}

describe('crash safety of click capture', () => {
  it('stores the click of every 302 it answered, after kill -9 mid-load and a restart on the same data', async () => {
    const database = await startOutsideDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'soundlink-crash-'));
    // Every click recorded: the load comes from one address, past the per-IP limit otherwise.
    const env = { DATABASE_URL: database.url, CLICK_RATE_LIMIT_BURST: '0' };
    try {
      let product = await startProduct(env, { dataDir });
      const owner = new HttpClient(product.url);
      await owner.registerOwner(`crash-${Date.now()}@example.test`, 'Crash');
      const catalog = await owner.json<{ tracks: Array<{ id: string }> }>(
        'GET',
        '/sandbox/spotify/_sandbox/catalog',
      );
      const campaign = await owner.json<{ id: string }>(
        'POST',
        '/api/v1/campaigns',
        { name: 'Crash', destination: `spotify:track:${catalog.tracks[0]!.id}` },
        201,
      );
      const link = await owner.json<{ id: string }>(
        'POST',
        `/api/v1/campaigns/${campaign.id}/links`,
        { label: 'Load', slug: 'crash-load' },
        201,
      );

      const answered: string[] = [];
      const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
      let killed!: () => void;
      const killNow = new Promise<void>((resolve) => (killed = resolve));
      const loops = Array.from({ length: CONNECTIONS }, async () => {
        for (;;) {
          try {
            answered.push(await visit(agent, `${product.url}/l/crash-load`));
          } catch {
            return; // the process is gone: its connections break
          }
          if (answered.length === ANSWERED_BEFORE_KILL) killed();
        }
      });
      await killNow;
      product.child.kill('SIGKILL');
      await Promise.all(loops);
      agent.destroy();
      expect(await product.stop()).toBeNull(); // killed by a signal, not exited
      expect(answered.length).toBeGreaterThanOrEqual(ANSWERED_BEFORE_KILL);

      product = await startProduct(env, { dataDir });
      try {
        // The restarted process replays what the killed one had not written yet; the rows land within moments.
        let missing: string[] = answered;
        for (let i = 0; i < 100 && missing.length > 0; i++) {
          const stored = new Set(
            (await database.query<{ id: string }>('SELECT id FROM clicks WHERE link_id = $1', [link.id])).map(
              (row) => row.id,
            ),
          );
          missing = answered.filter((id) => !stored.has(id));
          if (missing.length > 0) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect({ answered: answered.length, missing: missing.length }).toEqual({
          answered: answered.length,
          missing: 0,
        });
        // Replayed batches count each visitor once: one first visit per campaign_visitors row.
        const [counts] = await database.query<{ visitors: string; first: string }>(
          `SELECT (SELECT count(*) FROM campaign_visitors WHERE campaign_id = $1) AS visitors,
                  (SELECT count(*) FROM clicks WHERE campaign_id = $1 AND is_first_visit) AS first`,
          [campaign.id],
        );
        expect(counts!.first).toBe(counts!.visitors);
      } finally {
        await product.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
