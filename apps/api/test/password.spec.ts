import { Client } from 'pg';
import request from 'supertest';
import { grantAdmin, registerOwner } from './support/owners';
import { startTestServer, TestServer } from './support/test-server';

const OLD = 'the original long passphrase';
const NEW = 'a fresh and different passphrase';

describe('password change and admin-initiated reset', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const login = (email: string, password: string) =>
    request(server.url).post('/api/v1/auth/login').send({ email, password });

  it('changes the password of the signed-in owner and ends their other sessions', async () => {
    const owner = await registerOwner(server.url, 'changer@example.test', OLD);
    const other = request.agent(server.url);
    await other.post('/api/v1/auth/login').send({ email: owner.email, password: OLD }).expect(200);

    const wrong = await owner
      .unsafe('post', '/api/v1/auth/password')
      .send({ currentPassword: 'not it at all', newPassword: NEW });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({
      error: 'WrongPassword',
      details: [{ field: 'currentPassword', reason: 'is not your current password' }],
    });
    const weak = await owner
      .unsafe('post', '/api/v1/auth/password')
      .send({ currentPassword: OLD, newPassword: 'password123' });
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({
      error: 'WeakPassword',
      details: [{ field: 'password', reason: 'is one of the most common passwords' }],
    });
    // Without the CSRF token, a cross-site form cannot change it.
    await owner.agent
      .post('/api/v1/auth/password')
      .send({ currentPassword: OLD, newPassword: NEW })
      .expect(403);

    await owner
      .unsafe('post', '/api/v1/auth/password')
      .send({ currentPassword: OLD, newPassword: NEW })
      .expect(204);
    await owner.agent.get('/api/v1/auth/me').expect(200);
    await other.get('/api/v1/auth/me').expect(401);
    expect((await login(owner.email, OLD)).status).toBe(401);
    expect((await login(owner.email, NEW)).status).toBe(200);
  });

  it('lets an admin issue a one-time reset link that sets a new password and ends every session', async () => {
    const admin = await registerOwner(server.url, 'resetting-admin@example.test');
    await grantAdmin(server, admin.email);
    const owner = await registerOwner(server.url, 'forgetful@example.test', OLD);

    await owner.unsafe('post', `/api/v1/admin/owners/${admin.id}/password-reset`).expect(403);
    const issued = await admin.unsafe('post', `/api/v1/admin/owners/${owner.id}/password-reset`).expect(201);
    expect(issued.body.resetUrl).toBe(
      `${server.url}/reset-password?token=${encodeURIComponent(issued.body.token)}`,
    );
    expect(new Date(issued.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    // Only a hash is stored.
    const db = new Client({ connectionString: server.database.url });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT token_hash FROM password_resets WHERE owner_id = $1', [
        owner.id,
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).not.toContain(issued.body.token);
    } finally {
      await db.end();
    }

    const weak = await request(server.url)
      .post('/api/v1/auth/password-reset')
      .send({ token: issued.body.token, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toBe('WeakPassword');
    // A weak attempt does not use the link up.
    await request(server.url)
      .post('/api/v1/auth/password-reset')
      .send({ token: issued.body.token, newPassword: NEW })
      .expect(204);
    await owner.agent.get('/api/v1/auth/me').expect(401);
    expect((await login(owner.email, NEW)).status).toBe(200);

    const again = await request(server.url)
      .post('/api/v1/auth/password-reset')
      .send({ token: issued.body.token, newPassword: 'yet another passphrase' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      error: 'InvalidResetToken',
      details: [{ field: 'token', reason: 'is invalid, expired or already used' }],
    });
  });

  it('refuses a guessed, a replaced and an expired reset token', async () => {
    const admin = await registerOwner(server.url, 'second-admin@example.test');
    await grantAdmin(server, admin.email);
    const owner = await registerOwner(server.url, 'twice@example.test', OLD);
    const reset = (token: string) =>
      request(server.url).post('/api/v1/auth/password-reset').send({ token, newPassword: NEW });

    expect((await reset('not-a-token-anyone-issued')).status).toBe(400);
    const first = await admin.unsafe('post', `/api/v1/admin/owners/${owner.id}/password-reset`).expect(201);
    const second = await admin.unsafe('post', `/api/v1/admin/owners/${owner.id}/password-reset`).expect(201);
    expect((await reset(first.body.token)).body.error).toBe('InvalidResetToken');

    const db = new Client({ connectionString: server.database.url });
    await db.connect();
    try {
      await db.query(
        "UPDATE password_resets SET expires_at = now() - interval '1 minute' WHERE owner_id = $1 AND used_at IS NULL",
        [owner.id],
      );
    } finally {
      await db.end();
    }
    expect((await reset(second.body.token)).body.error).toBe('InvalidResetToken');
    expect((await login(owner.email, OLD)).status).toBe(200);
    await admin
      .unsafe('post', '/api/v1/admin/owners/00000000-0000-0000-0000-000000000000/password-reset')
      .expect(404);
  });
});
