import request from 'supertest';
import { registerOwner, SignedInOwner } from './support/owners';
import { startTestServer, TestServer } from './support/test-server';

describe('API keys for integrators', () => {
  let server: TestServer;
  let owner: SignedInOwner;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await registerOwner(server.url);
  });
  afterAll(() => server?.stop());

  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

  it('shows the secret once, stores only its hash, and lists the key by its prefix', async () => {
    const created = await owner
      .unsafe('post', '/api/v1/api-keys')
      .send({ name: 'Warehouse', scopes: ['campaigns:read', 'analytics:read'] })
      .expect(201);
    expect(created.body.secret).toMatch(/^slk_[0-9A-Za-z]{8}_[0-9A-Za-z]{32}$/);
    expect(created.body.secret.startsWith(`${created.body.prefix}_`)).toBe(true);
    const list = await owner.agent.get('/api/v1/api-keys').expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: created.body.id,
        name: 'Warehouse',
        prefix: created.body.prefix,
        lastUsedAt: null,
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
  });

  it('authenticates with Authorization: Bearer, records last use, and enforces scopes', async () => {
    const { body: key } = await owner
      .unsafe('post', '/api/v1/api-keys')
      .send({ name: 'Reader', scopes: ['analytics:read'] })
      .expect(201);
    const me = await request(server.url).get('/api/v1/auth/me').set(bearer(key.secret)).expect(200);
    expect(me.body.id).toBe(owner.id);
    const list = await owner.agent.get('/api/v1/api-keys');
    expect(list.body.find((k: { id: string }) => k.id === key.id).lastUsedAt).not.toBeNull();

    const refused = await request(server.url).get('/api/v1/audit-log').set(bearer(key.secret));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      error: 'MissingScope',
      message: 'This API key lacks the scope campaigns:read.',
    });
  });

  it('never lets a key manage keys, and needs no CSRF token', async () => {
    const { body: key } = await owner
      .unsafe('post', '/api/v1/api-keys')
      .send({ name: 'Writer', scopes: ['campaigns:read', 'campaigns:write'] })
      .expect(201);
    const res = await request(server.url)
      .post('/api/v1/api-keys')
      .set(bearer(key.secret))
      .send({ name: 'x', scopes: ['campaigns:read'] });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('Forbidden');
  });

  it('stops a revoked key at once; another owner cannot revoke it', async () => {
    const { body: key } = await owner
      .unsafe('post', '/api/v1/api-keys')
      .send({ name: 'Temp', scopes: ['campaigns:read'] })
      .expect(201);
    const other = await registerOwner(server.url);
    await other.unsafe('delete', `/api/v1/api-keys/${key.id}`).expect(404);
    await request(server.url).get('/api/v1/auth/me').set(bearer(key.secret)).expect(200);
    await owner.unsafe('delete', `/api/v1/api-keys/${key.id}`).expect(204);
    const after = await request(server.url).get('/api/v1/auth/me').set(bearer(key.secret));
    expect(after.status).toBe(401);
    expect(after.body.error).toBe('Unauthenticated');
  });

  it('refuses malformed and unknown keys and explains bad scopes', async () => {
    await request(server.url).get('/api/v1/auth/me').set(bearer('slk_nope')).expect(401);
    await request(server.url)
      .get('/api/v1/auth/me')
      .set(bearer(`slk_AAAAAAAA_${'B'.repeat(32)}`))
      .expect(401);
    const bad = await owner.unsafe('post', '/api/v1/api-keys').send({ name: '', scopes: ['everything'] });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual(
      expect.arrayContaining([
        { field: 'name', reason: 'must not be empty' },
        {
          field: 'scopes',
          reason:
            'each value must be one of campaigns:read, campaigns:write, analytics:read, webhooks:read, webhooks:write',
        },
      ]),
    );
  });

  it('records key creation and revocation in the owner’s audit log only', async () => {
    const log = await owner.agent.get('/api/v1/audit-log').expect(200);
    const actions = log.body.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['api_key.created', 'api_key.revoked', 'owner.registered']),
    );
    const other = await registerOwner(server.url);
    const theirs = await other.agent.get('/api/v1/audit-log').expect(200);
    expect(theirs.body.map((entry: { action: string }) => entry.action)).toEqual(['owner.registered']);
  });
});
