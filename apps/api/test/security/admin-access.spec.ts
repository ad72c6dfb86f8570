import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DemoService } from '../../src/modules/demo/demo.service';
import { registerOwner } from '../support/owners';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { AppOnDatabase, startAppOnDatabase, startTestServer, TestServer } from '../support/test-server';

const DEMO_EMAIL = 'demo@soundlink.demo';
const DEMO_PASSWORD = 'soundlink-demo-2026';
const WORKSPACE = join(__dirname, '..', '..', '..', '..');

async function demoReady(app: { app: TestServer['app'] }): Promise<void> {
  const demo = app.app.get(DemoService);
  for (let i = 0; i < 300 && !demo.current; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!demo.current) throw new Error('the demo did not start');
}

/** The published demo credentials as a signed-in agent (cookie and CSRF token), from the app's own answer. */
async function signInAsDemo(url: string) {
  const info = await request(url).get('/api/v1/demo').expect(200);
  expect(info.body).toMatchObject({ email: DEMO_EMAIL, password: DEMO_PASSWORD });
  const agent = request.agent(url);
  const login = await agent
    .post('/api/v1/auth/login')
    .send({ email: info.body.email, password: info.body.password })
    .expect(200);
  const cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
  return { agent, cookie, csrf: login.body.csrfToken as string, owner: login.body.owner };
}

describe('security: who is an admin', () => {
  describe('the demo owner, whose password is published', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer({ SOUNDLINK_DEMO: 'on' });
      await demoReady(server);
    });
    afterAll(() => server?.stop());

    it('attack: sign in with the published demo credentials and list every owner, then disable one', async () => {
      const victim = await registerOwner(server.url);
      const demo = await signInAsDemo(server.url);
      expect(demo.owner.role).toBe('owner');
      const list = await demo.agent.get('/api/v1/admin/owners');
      expect(list.status).toBe(403);
      expect(JSON.stringify(list.body)).not.toContain(victim.email);
      const disable = await demo.agent
        .post(`/api/v1/admin/owners/${victim.id}/disable`)
        .set('X-CSRF-Token', demo.csrf);
      expect(disable.status).toBe(403);
      await victim.agent.get('/api/v1/auth/me').expect(200);
    });
  });

  describe('the demo owner after the demo is turned off', () => {
    let database: TestDatabase;
    let app: AppOnDatabase | undefined;

    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await app?.stop();
      await database?.drop();
    });

    /** Starts with the demo on, takes a session and an API key as the demo owner, then restarts with `later`. */
    async function demoThenRestart(later: Record<string, string>) {
      await app?.stop();
      app = await startAppOnDatabase(database.url, { SOUNDLINK_DEMO: 'on' });
      await demoReady(app);
      const demo = await signInAsDemo(app.url);
      const key = await demo.agent
        .post('/api/v1/api-keys')
        .set('X-CSRF-Token', demo.csrf)
        .send({ name: 'left behind', scopes: ['campaigns:read'] })
        .expect(201);
      await app.stop();
      app = await startAppOnDatabase(database.url, later);
      return { cookie: demo.cookie, secret: key.body.secret as string };
    }

    async function expectDemoGone(url: string, left: { cookie: string; secret: string }) {
      const info = await request(url).get('/api/v1/demo').expect(200);
      expect(info.body).toEqual({ enabled: false });
      const login = await request(url)
        .post('/api/v1/auth/login')
        .send({ email: DEMO_EMAIL, password: DEMO_PASSWORD });
      expect([401, 403]).toContain(login.status);
      await request(url).get('/api/v1/auth/me').set('Cookie', left.cookie).expect(401);
      await request(url).get('/api/v1/auth/me').set('Authorization', `Bearer ${left.secret}`).expect(401);
      await request(url).get('/api/v1/admin/owners').set('Cookie', left.cookie).expect(401);
    }

    it('attack: the published demo credentials, session and API key still work once the demo is off', async () => {
      const left = await demoThenRestart({ SOUNDLINK_DEMO: 'off' });
      await expectDemoGone(app!.url, left);
    });

    it('attack: the published demo credentials, session and API key still work once Spotify is configured', async () => {
      const left = await demoThenRestart({
        SPOTIFY_CLIENT_ID: '0123456789abcdef0123456789abcdef',
        SPOTIFY_CLIENT_SECRET: 'fedcba9876543210fedcba9876543210',
      });
      await expectDemoGone(app!.url, left);
    });
  });

  describe('ADMIN_EMAILS', () => {
    it('attack: register first with an address the operator listed in ADMIN_EMAILS and become admin', async () => {
      // The variable is gone: a deployment that still sets it does not start, and says what to do instead.
      await expect(startTestServer({ ADMIN_EMAILS: 'boss@example.test' })).rejects.toThrow(
        /ADMIN_EMAILS .*npm run admin -- grant/,
      );
    });

    it('registering any address, admin-sounding or not, gives the owner role only', async () => {
      const server = await startTestServer();
      try {
        const owner = await registerOwner(server.url, 'admin@example.test');
        const me = await owner.agent.get('/api/v1/auth/me').expect(200);
        expect(me.body.role).toBe('owner');
        await owner.agent.get('/api/v1/admin/owners').expect(403);
      } finally {
        await server.stop();
      }
    });
  });

  describe('npm run admin (the operator grants admin)', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server?.stop());

    const admin = (...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        ['-r', '@swc-node/register', join(WORKSPACE, 'apps/api/src/bin/admin.ts'), ...args],
        {
          cwd: WORKSPACE,
          env: {
            PATH: process.env['PATH'] ?? '',
            SWC_NODE_PROJECT: join(WORKSPACE, 'apps/api/tsconfig.app.json'),
            DATABASE_URL: server.database.url,
          },
        },
      );

    it('grants admin to an existing owner, lists admins, revokes it, and resets a password', async () => {
      const owner = await registerOwner(server.url, 'operator@example.test');
      await owner.agent.get('/api/v1/admin/owners').expect(403);

      const granted = await admin('grant', 'Operator@Example.test');
      expect(granted.stdout).toContain('operator@example.test is now an admin');
      await owner.agent.get('/api/v1/admin/owners').expect(200);
      expect((await admin('list')).stdout).toContain('operator@example.test');

      await admin('revoke', 'operator@example.test');
      await owner.agent.get('/api/v1/admin/owners').expect(403);

      const reset = await admin('reset-password', 'operator@example.test');
      const link = /https?:\/\/\S+\/reset-password\?token=(\S+)/.exec(reset.stdout);
      expect(link).not.toBeNull();
      await request(server.url)
        .post('/api/v1/auth/password-reset')
        .send({ token: decodeURIComponent(link![1]), newPassword: 'a brand new passphrase' })
        .expect(204);
      await request(server.url)
        .post('/api/v1/auth/login')
        .send({ email: 'operator@example.test', password: 'a brand new passphrase' })
        .expect(200);
    });

    it('explains an unknown address and an unknown command', async () => {
      await expect(admin('grant', 'nobody@example.test')).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('No owner with the email nobody@example.test'),
      });
      await expect(admin('frobnicate')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('Usage: npm run admin --'),
      });
    });
  });
});
