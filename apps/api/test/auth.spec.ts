import { Client } from 'pg';
import request from 'supertest';
import { signToken } from '../src/common/security/signed-token';
import { SecretsService } from '../src/common/security/secrets.service';
import { grantAdmin, registerOwner } from './support/owners';
import { startTestServer, TestServer } from './support/test-server';

describe('owner accounts and sessions', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('registers an owner, sets an httpOnly session cookie and a CSRF cookie, and keeps them signed in', async () => {
    const agent = request.agent(server.url);
    const res = await agent
      .post('/api/v1/auth/register')
      .send({
        email: '  Maya@Label.example ',
        password: 'a long and unusual passphrase',
        timezone: 'Europe/Berlin',
      })
      .expect(201);
    expect(res.body.owner).toMatchObject({
      email: 'maya@label.example',
      role: 'owner',
      timezone: 'Europe/Berlin',
    });
    expect(res.body.owner).not.toHaveProperty('passwordHash');
    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((c) => c.startsWith('sl_session='))).toMatch(/HttpOnly/);
    expect(cookies.find((c) => c.startsWith('sl_session='))).toMatch(/SameSite=Lax/);
    expect(cookies.find((c) => c.startsWith('sl_csrf='))).not.toMatch(/HttpOnly/);
    const me = await agent.get('/api/v1/auth/me').expect(200);
    expect(me.body.email).toBe('maya@label.example');
  });

  it('explains what is wrong with a registration, field by field', async () => {
    const bad = await request(server.url)
      .post('/api/v1/auth/register')
      .send({ email: 'nope', password: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'email', reason: 'must be an email address' }]);

    const weak = await request(server.url)
      .post('/api/v1/auth/register')
      .send({ email: 'weak@example.test', password: 'password123' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({
      error: 'WeakPassword',
      details: [{ field: 'password', reason: 'is one of the most common passwords' }],
    });

    await registerOwner(server.url, 'taken@example.test');
    const taken = await request(server.url)
      .post('/api/v1/auth/register')
      .send({ email: 'TAKEN@example.test', password: 'another long passphrase' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({
      error: 'EmailTaken',
      details: [{ field: 'email', reason: 'is already registered' }],
    });
  });

  it('answers an unknown email and a wrong password the same way', async () => {
    await registerOwner(server.url, 'known@example.test');
    const wrong = await request(server.url)
      .post('/api/v1/auth/login')
      .send({ email: 'known@example.test', password: 'not the password' });
    const unknown = await request(server.url)
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.test', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const { requestId: _a, ...wrongBody } = wrong.body;
    const { requestId: _b, ...unknownBody } = unknown.body;
    expect(wrongBody).toEqual(unknownBody);
    expect(wrongBody).toEqual({
      statusCode: 401,
      error: 'InvalidCredentials',
      message: 'The email or password is incorrect.',
    });
  });

  it('signs in with the right password and rate-limits guessing on one account', async () => {
    await registerOwner(server.url, 'guarded@example.test', 'the right long passphrase');
    await request(server.url)
      .post('/api/v1/auth/login')
      .send({ email: 'guarded@example.test', password: 'the right long passphrase' })
      .expect(200);
    for (let i = 0; i < 5; i++) {
      await request(server.url)
        .post('/api/v1/auth/login')
        .send({ email: 'guarded@example.test', password: `guess ${i}` })
        .expect(401);
    }
    const blocked = await request(server.url)
      .post('/api/v1/auth/login')
      .send({ email: 'guarded@example.test', password: 'the right long passphrase' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error).toBe('TooManyAttempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('needs the CSRF token for unsafe requests made with the session cookie', async () => {
    const owner = await registerOwner(server.url);
    const refused = await owner.agent.patch('/api/v1/auth/me').send({ displayName: 'Changed' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('CsrfTokenMissing');
    const accepted = await owner
      .unsafe('patch', '/api/v1/auth/me')
      .send({ displayName: 'Changed', timezone: 'Asia/Tokyo' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ displayName: 'Changed', timezone: 'Asia/Tokyo' });
    const badZone = await owner.unsafe('patch', '/api/v1/auth/me').send({ timezone: 'Mars/Olympus' });
    expect(badZone.body.details).toEqual([
      { field: 'timezone', reason: 'must be an IANA time zone such as Europe/Berlin or UTC' },
    ]);
  });

  it('ends the session on logout', async () => {
    const owner = await registerOwner(server.url);
    const cookie = (await owner.agent.get('/api/v1/auth/me')).request.getHeader?.('cookie');
    await owner.unsafe('post', '/api/v1/auth/logout').expect(204);
    await owner.agent.get('/api/v1/auth/me').expect(401);
    // The old cookie, replayed, is refused too.
    if (typeof cookie === 'string')
      await request(server.url).get('/api/v1/auth/me').set('Cookie', cookie).expect(401);
  });

  it('rotates the session token once it is five minutes old and refuses the replaced one after a grace period', async () => {
    const owner = await registerOwner(server.url);
    const secret = server.app.get(SecretsService).sessionSecret;
    const { rows } = await queryOne(server, 'SELECT id FROM sessions WHERE owner_id = $1', [owner.id]);
    const sid = rows[0].id as string;
    const old = signToken({ sid, sub: owner.id, gen: 0, iat: Math.floor(Date.now() / 1000) - 600 }, secret);
    const res = await request(server.url)
      .get('/api/v1/auth/me')
      .set('Cookie', `sl_session=${old}`)
      .expect(200);
    const fresh = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sl_session='));
    expect(fresh).toBeDefined();
    const freshToken = fresh!.split(';')[0]!.slice('sl_session='.length);
    await request(server.url).get('/api/v1/auth/me').set('Cookie', `sl_session=${freshToken}`).expect(200);
    await queryOne(server, "UPDATE sessions SET rotated_at = now() - interval '2 minutes' WHERE id = $1", [
      sid,
    ]);
    await request(server.url).get('/api/v1/auth/me').set('Cookie', `sl_session=${old}`).expect(401);
    await request(server.url).get('/api/v1/auth/me').set('Cookie', `sl_session=${freshToken}`).expect(200);
  });

  it('refuses forged and unknown session tokens', async () => {
    await request(server.url).get('/api/v1/auth/me').set('Cookie', 'sl_session=abc.def.ghi').expect(401);
    const forged = signToken(
      { sid: '00000000-0000-0000-0000-000000000000', sub: 'x', gen: 0, iat: 0 },
      Buffer.alloc(32),
    );
    const res = await request(server.url).get('/api/v1/auth/me').set('Cookie', `sl_session=${forged}`);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('Unauthenticated');
  });

  it('lets an admin list owners and disable one, which ends their sessions', async () => {
    const admin = await registerOwner(server.url, 'boss@example.test');
    await grantAdmin(server, admin.email);
    const victim = await registerOwner(server.url);
    const list = await admin.agent.get('/api/v1/admin/owners?limit=100').expect(200);
    expect(list.body.items.map((o: { email: string }) => o.email)).toEqual(
      expect.arrayContaining([victim.email, admin.email]),
    );
    await victim.agent.get('/api/v1/admin/owners').expect(403);
    await admin.unsafe('post', `/api/v1/admin/owners/${victim.id}/disable`).expect(204);
    await victim.agent.get('/api/v1/auth/me').expect(401);
    const login = await request(server.url)
      .post('/api/v1/auth/login')
      .send({ email: victim.email, password: 'a long and unusual passphrase' });
    expect(login.status).toBe(403);
    expect(login.body.error).toBe('AccountDisabled');
    await admin.unsafe('post', `/api/v1/admin/owners/${victim.id}/enable`).expect(204);
    await admin.unsafe('post', '/api/v1/admin/owners/not-a-uuid/disable').expect(404);
  });
});

async function queryOne(
  server: TestServer,
  sql: string,
  params: unknown[],
): Promise<{ rows: Record<string, unknown>[] }> {
  const client = new Client({ connectionString: server.database.url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}
