import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import { CookieAccessInfo } from 'cookiejar';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { SoundlinkServer } from '../src/bootstrap';
import { TokenCipher } from '../src/common/security/token-cipher';
import { AnalyticsRollups } from '../src/modules/analytics/analytics-rollups.service';
import { connectOwnerSpotify, createCampaign, createLink, demoPlaylist } from './support/campaigns';
import { connectThroughLink, syncNow } from './support/listeners';
import { registerOwner, SignedInOwner } from './support/owners';
import { sandboxControl } from './support/sandbox';
import { sql } from './support/sql';
import { createServerDatabase, startEmbeddedProcess, TestDatabase } from './support/test-database';
import { AppOnDatabase, startAppOnDatabase, startTestServer, TestServer } from './support/test-server';

const WORKSPACE = join(__dirname, '..', '..', '..');
const PASSWORD = 'a long and unusual passphrase';
const AFTER = 7 * 60_000;

/** Runs `npm run backup` / `npm run restore` as the operator does: a process of its own, with this environment. */
function runTool(
  tool: 'backup' | 'restore',
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const base = { ...process.env };
    delete base['DATABASE_URL'];
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(WORKSPACE, `apps/api/src/bin/${tool}.ts`), ...args],
      {
        cwd: WORKSPACE,
        env: {
          ...base,
          SWC_NODE_PROJECT: join(WORKSPACE, 'apps/api/tsconfig.app.json'),
          LOG_LEVEL: 'silent',
          ...env,
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The Cookie header the browser agent sends (the listener cookie), to send it to another app. */
function cookieHeader(agent: TestAgent): string {
  const jar = (
    agent as unknown as { jar: { getCookies(access: unknown): Array<{ name: string; value: string }> } }
  ).jar;
  return jar
    .getCookies(CookieAccessInfo.All)
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .join('; ');
}

async function signIn(url: string, email: string): Promise<TestAgent> {
  const agent = request.agent(url);
  await agent.post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  return agent;
}

/** What the owner and the listener see: the answers a restore must keep. */
async function answers(server: SoundlinkServer, email: string, campaignId: string, listenerCookie: string) {
  const url = server.url;
  // The rollups catch up with their queues as the scheduler would, so both apps answer from settled figures.
  await server.app.get(AnalyticsRollups).processPending();
  const owner = await signIn(url, email);
  const funnel = await owner.get(`/api/v1/campaigns/${campaignId}/analytics/funnel`).expect(200);
  const attributions = await owner.get(`/api/v1/campaigns/${campaignId}/attributions?limit=100`).expect(200);
  const links = await owner.get(`/api/v1/campaigns/${campaignId}/analytics/links`).expect(200);
  const me = await request(url).get('/api/v1/listeners/me').set('Cookie', listenerCookie).expect(200);
  // When the answer was computed, and the hours connected until then, move with the clock.
  const settled = (body: { completeness?: Record<string, unknown>; rawData?: Record<string, unknown> }) => {
    delete body.completeness?.['computedAt'];
    delete body.completeness?.['connectedHours'];
    // (The raw-data horizon is measured from now.)
    delete body.rawData?.['rawClicksSince'];
    delete body.rawData?.['rawPlaysSince'];
    return body;
  };
  return {
    funnel: settled(funnel.body),
    attributions: attributions.body,
    links: settled(links.body),
    me: me.body,
  };
}

const serverUrl = process.env['TEST_DATABASE_URL'];

describe('backup and restore without a database to reach', () => {
  it('--format pg_dump without the PostgreSQL client tools says so and writes nothing', async () => {
    const work = mkdtempSync(join(tmpdir(), 'soundlink-backup-'));
    try {
      const out = join(work, 'server.dump');
      const result = await runTool('backup', ['--out', out, '--format', 'pg_dump'], {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
        PATH: work, // no pg_dump there
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^Backup failed: pg_dump is not installed .*use the default format/);
      expect(readdirSync(work)).toEqual([]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('a restore of a file that is not a backup is refused with the reason before the target is opened', async () => {
    const work = mkdtempSync(join(tmpdir(), 'soundlink-restore-'));
    try {
      const file = join(work, 'notes.txt');
      writeFileSync(file, 'not a backup\n');
      const dataDir = join(work, 'data');
      const result = await runTool('restore', [file], { DATA_DIR: dataDir });
      expect(result.code).toBe(3);
      expect(result.stderr).toBe(`Restore failed: ${file} is not a Soundlink backup (not a gzip file).\n`);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

/**
 * Backup and restore (issue 20), over HTTP against the real app: data built through the API (owner, campaign,
 * link, a click, a listener connected through the sandbox's consent with encrypted tokens, polled and
 * attributed plays), backed up with `npm run backup`, restored with `npm run restore` into a fresh database of
 * the other kind, then the restored app answers the same and still reads the listener's tokens.
 *
 * Needs a PostgreSQL server besides the embedded database, since the round trip crosses kinds: CI provides one
 * (TEST_DATABASE_URL, required there by REQUIRE_POSTGRES_SERVER_TESTS); a machine without one leaves it out.
 */
if (serverUrl)
  describe('backup and restore', () => {
    let source: TestServer;
    let owner: SignedInOwner;
    let campaignId: string;
    let listenerCookie: string;
    let listenerId: string;
    let userId: string;
    let trackIds: string[];
    let uri: string;
    let before: Awaited<ReturnType<typeof answers>>;
    const work = mkdtempSync(join(tmpdir(), 'soundlink-backup-'));
    const sourceDir = join(work, 'source');
    const cleanups: Array<() => Promise<void>> = [];

    beforeAll(async () => {
      source = await startTestServer({ SOUNDLINK_ROLE: 'api', DATA_DIR: sourceDir });
      owner = await registerOwner(source.url, undefined, PASSWORD);
      const catalog = await connectOwnerSpotify(source.url, owner, 'Nightjar Records');
      const playlist = demoPlaylist(catalog);
      uri = `spotify:playlist:${playlist.id}`;
      trackIds = playlist.trackIds.slice(0, 3);
      campaignId = (await createCampaign(owner, { name: 'Backed up', destination: uri }).expect(201)).body.id;
      await createLink(owner, campaignId, { label: 'Bio', slug: 'backup-bio' }).expect(201);
      userId = (
        (await sandboxControl(source.url, 'POST', 'users', { displayName: 'Backed up' })) as { id: string }
      ).id;
      const { browser } = await connectThroughLink(source, 'backup-bio', userId);
      listenerCookie = cookieHeader(browser);
      const [listener] = await sql<{ id: string }>(
        source,
        `SELECT id FROM listeners WHERE display_name = 'Backed up'`,
      );
      listenerId = listener!.id;
      const now = Date.now();
      for (const [i, trackId] of trackIds.slice(0, 2).entries())
        await playAs(trackId, now + AFTER + i * 1000);
      await sandboxControl(source.url, 'POST', 'clock', { advanceMs: AFTER + 10_000 });
      expect((await syncNow(browser).expect(200)).body).toMatchObject({ newPlays: 2, attributedPlays: 2 });
      // A play of an imported streaming history, years old: outside every monthly partition of the source.
      await sql(
        source,
        `INSERT INTO plays (listener_id, played_at, track_id, source) VALUES ($1, '2015-06-01T12:00:00Z', $2, 'import')`,
        [listenerId, trackIds[0]],
      );
      before = await answers(source, owner.email, campaignId, listenerCookie);
      expect(before.attributions.items).toHaveLength(2);
    }, 60_000);

    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      await source?.stop();
      rmSync(work, { recursive: true, force: true });
    });

    const playAs = (trackId: string, playedAt: number) =>
      sandboxControl(source.url, 'POST', `users/${userId}/plays`, {
        trackId,
        playedAt: new Date(playedAt).toISOString(),
        context: { type: 'playlist', uri },
      });

    /**
     * Soundlink on a restored database. It reaches the same Spotify as the source, as a moved installation does:
     * the sandbox that issued the tokens is the source's (in sandbox mode the Spotify endpoints are found below
     * PUBLIC_URL).
     */
    async function appOn(url: string, dataDir: string): Promise<AppOnDatabase> {
      const app = await startAppOnDatabase(url, {
        SOUNDLINK_ROLE: 'api',
        DATA_DIR: dataDir,
        PUBLIC_URL: source.url,
      });
      cleanups.push(() => app.stop());
      return app;
    }

    /** The listener's refresh token as the app's own cipher reads it (throws when its key is not the one). */
    async function refreshToken(server: SoundlinkServer, databaseUrl: string): Promise<string> {
      const [row] = await query<{ refresh_token_enc: string }>(
        databaseUrl,
        `SELECT refresh_token_enc FROM listeners WHERE id = '${listenerId}'`,
      );
      return server.app.get(TokenCipher).decrypt(row!.refresh_token_enc);
    }

    it('moves a running server to the embedded database and back with --with-secrets: same answers, tokens decrypt', async () => {
      // Server → embedded.
      const file = join(work, 'server.slb');
      const backup = await runTool('backup', ['--out', file, '--with-secrets'], {
        DATABASE_URL: source.database.url,
        DATA_DIR: sourceDir,
      });
      expect(backup.stderr).toBe('');
      expect(backup.stdout).toMatch(/Backed up the PostgreSQL database .* tables, \d+ rows/);
      const embeddedDir = join(work, 'embedded');
      const restored = await runTool('restore', [file], { DATA_DIR: embeddedDir });
      expect(restored.stderr).toBe('');
      expect(restored.stdout).toMatch(/Restored \d+ rows in \d+ tables into the embedded database/);
      expect(restored.stdout).toContain('Wrote the backup');
      expect(restored.stdout).not.toContain('cannot be decrypted');

      const embedded = await startEmbeddedProcess(embeddedDir);
      cleanups.push(() => embedded.drop());
      const onEmbedded = await appOn(embedded.url, embeddedDir);
      expect(await refreshToken(onEmbedded, embedded.url)).toBe(
        await refreshToken(source, source.database.url),
      );
      expect(await answers(onEmbedded, owner.email, campaignId, listenerCookie)).toEqual(before);
      // The partitioned tables came through their parents; the restore filed the old play under its year.
      expect(
        await query(
          embedded.url,
          `SELECT tableoid::regclass::text AS p FROM plays WHERE played_at < '2016-01-01'`,
        ),
      ).toEqual([{ p: 'plays_y2015' }]);
      // The listener's tokens decrypt: a new play is read from Spotify through the restored app.
      await playAs(trackIds[2] as string, Date.now() + 2 * AFTER);
      await sandboxControl(source.url, 'POST', 'clock', { advanceMs: 2 * AFTER + 10_000 });
      const sync = await request(onEmbedded.url)
        .post('/api/v1/listeners/me/sync')
        .set('Cookie', listenerCookie)
        .set('X-Requested-With', 'soundlink');
      expect(sync.status).toBe(200);
      expect(sync.body).toMatchObject({ newPlays: 1, attributedPlays: 1 });
      const after = await answers(onEmbedded, owner.email, campaignId, listenerCookie);
      expect(after.attributions.items).toHaveLength(3);

      // Embedded (while it runs, through its instance) → a fresh server database.
      const back = join(work, 'embedded.slb');
      const fromEmbedded = await runTool('backup', ['--out', back, '--with-secrets'], {
        DATA_DIR: embeddedDir,
      });
      expect(fromEmbedded.stderr).toBe('');
      expect(fromEmbedded.stdout).toContain('(through the running instance)');
      const target: TestDatabase = await createServerDatabase(serverUrl as string);
      cleanups.push(() => target.drop());
      const serverDir = join(work, 'server-again');
      const again = await runTool('restore', [back], { DATABASE_URL: target.url, DATA_DIR: serverDir });
      expect(again.stderr).toBe('');
      expect(again.stdout).toMatch(/Restored \d+ rows in \d+ tables into the PostgreSQL database/);
      const onServer = await appOn(target.url, serverDir);
      expect(await answers(onServer, owner.email, campaignId, listenerCookie)).toEqual(after);
      expect(
        await query(
          target.url,
          `SELECT tableoid::regclass::text AS p FROM plays WHERE played_at < '2016-01-01'`,
        ),
      ).toEqual([{ p: 'plays_y2015' }]);
      // The sequences went along: a new play gets a fresh id (no duplicate key).
      await playAs(trackIds[0] as string, Date.now() + 4 * AFTER);
      await sandboxControl(source.url, 'POST', 'clock', { advanceMs: 2 * AFTER + 10_000 });
      const later = await request(onServer.url)
        .post('/api/v1/listeners/me/sync')
        .set('Cookie', listenerCookie)
        .set('X-Requested-With', 'soundlink')
        .expect(200);
      expect(later.body).toMatchObject({ newPlays: 1 });
    }, 90_000);

    it('without --with-secrets: restores the data, says the tokens cannot be decrypted and listeners must reconnect; --force replaces', async () => {
      const file = join(work, 'no-keys.slb');
      const backup = await runTool('backup', ['--out', file], { DATABASE_URL: source.database.url });
      expect(backup.code).toBe(0);
      expect(gunzipSync(readFileSync(file)).toString('utf8')).not.toContain('@secrets');
      const target = await createServerDatabase(serverUrl as string);
      cleanups.push(() => target.drop());
      const restored = await runTool('restore', [file], {
        DATABASE_URL: target.url,
        DATA_DIR: join(work, 'no-keys'),
      });
      expect(restored.code).toBe(0);
      expect(restored.stdout).toContain('the tokens cannot be decrypted');
      expect(restored.stdout).toMatch(
        /1 listeners need to reconnect \(1 moved to needs_reconnect\), 1 owners must reconnect/,
      );
      const rows = await query<{ status: string }>(
        target.url,
        `SELECT status FROM listeners WHERE id = '${listenerId}'`,
      );
      expect(rows).toEqual([{ status: 'needs_reconnect' }]);

      // Again over it: refused, then with --force it says what it replaces.
      const refused = await runTool('restore', [file], {
        DATABASE_URL: target.url,
        DATA_DIR: join(work, 'no-keys'),
      });
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/The target database is not empty \(.*owners: 1.*\)\. .*--force/);
      const forced = await runTool('restore', [file, '--force'], {
        DATABASE_URL: target.url,
        DATA_DIR: join(work, 'no-keys'),
      });
      expect(forced.code).toBe(0);
      expect(forced.stdout).toMatch(
        /Replaced the previous content of the PostgreSQL database .*\(.*owners: 1.*\)/,
      );
      expect(await query(target.url, `SELECT count(*)::int AS n FROM listeners`)).toEqual([{ n: 1 }]);
    }, 30_000);

    it('refuses a database that is not empty, a truncated file and a backup from a newer Soundlink, saying why', async () => {
      const file = join(work, 'refused.slb');
      expect((await runTool('backup', ['--out', file], { DATABASE_URL: source.database.url })).code).toBe(0);
      // The running source itself: a restore without --force leaves it as it is.
      const refused = await runTool('restore', [file], { DATABASE_URL: source.database.url });
      expect(refused.code).toBe(3);
      expect(refused.stderr).toMatch(/The target database is not empty \(.*owners: 1.*\)\. .*--force/);
      await owner.agent.get(`/api/v1/campaigns/${campaignId}/analytics/funnel`).expect(200);

      const truncated = join(work, 'truncated.slb');
      const whole = readFileSync(file);
      writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
      const target = await createServerDatabase(serverUrl as string);
      cleanups.push(() => target.drop());
      const cut = await runTool('restore', [truncated], { DATABASE_URL: target.url });
      expect(cut.code).toBe(3);
      expect(cut.stderr).toMatch(/truncated/);
      // Nothing was written: the file is read whole before the target is touched.
      expect(await query(target.url, `SELECT 1 FROM pg_tables WHERE schemaname = 'public'`)).toEqual([]);

      // A backup from a newer Soundlink: its database has a migration this one does not know.
      const [first, ...rest] = gunzipSync(whole).toString('utf8').split('\n');
      const header = JSON.parse(first!.slice(first!.indexOf(' ') + 1)) as { migrations: string[] };
      header.migrations.push('FromTheFuture9999999999999');
      const newer = join(work, 'newer.slb');
      writeFileSync(newer, gzipSync([`@soundlink-backup ${JSON.stringify(header)}`, ...rest].join('\n')));
      const refusedNewer = await runTool('restore', [newer], { DATABASE_URL: target.url });
      expect(refusedNewer.code).toBe(3);
      expect(refusedNewer.stderr).toMatch(
        /comes from a newer Soundlink .*FromTheFuture9999999999999.*Upgrade Soundlink/,
      );
      expect(await query(target.url, `SELECT 1 FROM pg_tables WHERE schemaname = 'public'`)).toEqual([]);
    }, 30_000);
  });
