import request from 'supertest';
import { createLink, createCampaign, connectOwnerSpotify, demoPlaylist } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { sql } from './support/sql';
import { startTestServer, TestServer } from './support/test-server';
import { createWebhook, deliver, deliveriesOf, WebhookReceiver } from './webhooks-kit';

/** The webhooks API (issue 19): its contract, scopes and owner isolation, over HTTP on the real app. */
describe('webhooks: API', () => {
  let server: TestServer;
  let alice: SignedInOwner;
  let bob: SignedInOwner;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    receiver = await WebhookReceiver.start();
    alice = await registerOwner(server.url);
    bob = await registerOwner(server.url);
  });
  afterAll(async () => {
    await receiver?.down();
    await server?.stop();
  });

  it('creates an endpoint and shows its secret once; lists, reads and changes it without the secret', async () => {
    const res = await alice
      .unsafe('post', '/api/v1/webhooks')
      .send({
        url: receiver.url,
        events: ['link.clicked', 'link.clicked', 'play.attributed'],
        description: 'CRM',
      })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      url: receiver.url,
      events: ['link.clicked', 'play.attributed'],
      description: 'CRM',
      enabled: true,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
      disabledReason: null,
      disabledAt: null,
      failingSince: null,
      previousSecretExpiresAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const id = res.body.id as string;
    const { body: list } = await alice.agent.get('/api/v1/webhooks').expect(200);
    expect(list.items.map((w: { id: string }) => w.id)).toEqual([id]);
    expect(list.items[0]).not.toHaveProperty('secret');
    const { body: one } = await alice.agent.get(`/api/v1/webhooks/${id}`).expect(200);
    expect(one).not.toHaveProperty('secret');

    const { body: paused } = await alice
      .unsafe('patch', `/api/v1/webhooks/${id}`)
      .send({ enabled: false, events: ['campaign.created'] })
      .expect(200);
    expect(paused).toMatchObject({
      enabled: false,
      disabledReason: 'disabled by its owner',
      events: ['campaign.created'],
    });
    await alice.unsafe('delete', `/api/v1/webhooks/${id}`).expect(204);
    await alice.agent.get(`/api/v1/webhooks/${id}`).expect(404);
  });

  it('explains an unknown event type and a missing URL per field', async () => {
    const res = await alice
      .unsafe('post', '/api/v1/webhooks')
      .send({ events: ['link.clicked', 'link.exploded'] });
    expect(res.status).toBe(400);
    const fields = (res.body.details as Array<{ field: string; reason: string }>).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['url', 'events']));
    expect(res.body.details).toContainEqual({
      field: 'events',
      reason: expect.stringContaining('each must be one of link.clicked, listener.connected'),
    });
  });

  it('sends only to enabled endpoints of the owner subscribed to the event', async () => {
    const catalog = await connectOwnerSpotify(server.url, alice, 'Nightjar Records');
    const subscribed = await createWebhook(alice, receiver.url, ['link.created']);
    const other = await createWebhook(alice, receiver.url, ['link.deleted']);
    const paused = await createWebhook(alice, receiver.url, ['link.created']);
    await alice.unsafe('patch', `/api/v1/webhooks/${paused.id}`).send({ enabled: false }).expect(200);
    const bobs = await createWebhook(bob, receiver.url, ['link.created']);
    const { body: campaign } = await createCampaign(alice, {
      name: 'Scoped',
      destination: `spotify:playlist:${demoPlaylist(catalog).id}`,
    }).expect(201);
    await createLink(alice, campaign.id, { label: 'One', slug: 'scoped-one' }).expect(201);
    await deliver(server);
    expect((await deliveriesOf(alice, subscribed.id)).map((d) => d.eventType)).toEqual(['link.created']);
    expect(await deliveriesOf(alice, other.id)).toEqual([]);
    expect(await deliveriesOf(alice, paused.id)).toEqual([]);
    expect(await deliveriesOf(bob, bobs.id)).toEqual([]);
    for (const [owner, id] of [
      [alice, subscribed.id],
      [alice, other.id],
      [alice, paused.id],
      [bob, bobs.id],
    ] as const) {
      await owner.unsafe('delete', `/api/v1/webhooks/${id}`).expect(204);
    }
  });

  it('cross-owner attack: owner B cannot read, change, test, rotate, delete or retry owner A’s webhooks and deliveries (404)', async () => {
    const hook = await createWebhook(alice, receiver.url, ['campaign.created']);
    await alice.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
    await deliver(server);
    const [delivery] = await deliveriesOf(alice, hook.id);
    const bobsHook = await createWebhook(bob, receiver.url, ['campaign.created']);

    const attempts: Array<[string, request.Test]> = [
      ['read', bob.agent.get(`/api/v1/webhooks/${hook.id}`)],
      [
        'change',
        bob.unsafe('patch', `/api/v1/webhooks/${hook.id}`).send({ url: 'http://127.0.0.1:1/steal' }),
      ],
      ['rotate', bob.unsafe('post', `/api/v1/webhooks/${hook.id}/rotate-secret`)],
      ['test', bob.unsafe('post', `/api/v1/webhooks/${hook.id}/test`)],
      ['list deliveries', bob.agent.get(`/api/v1/webhooks/${hook.id}/deliveries`)],
      ['retry', bob.unsafe('post', `/api/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/retry`)],
      // A's delivery under B's own webhook id: still not B's.
      [
        'retry via own webhook',
        bob.unsafe('post', `/api/v1/webhooks/${bobsHook.id}/deliveries/${delivery!.id}/retry`),
      ],
      ['delete', bob.unsafe('delete', `/api/v1/webhooks/${hook.id}`)],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt;
      expect([what, res.status, res.body.error]).toEqual([what, 404, 'NotFound']);
    }
    const { body: list } = await bob.agent.get('/api/v1/webhooks').expect(200);
    expect(list.items.map((w: { id: string }) => w.id)).toEqual([bobsHook.id]);
    // A's endpoint is untouched.
    const { body: still } = await alice.agent.get(`/api/v1/webhooks/${hook.id}`).expect(200);
    expect(still).toMatchObject({ url: receiver.url, enabled: true, previousSecretExpiresAt: null });
    expect(await deliveriesOf(alice, hook.id)).toHaveLength(1);
    await alice.unsafe('post', `/api/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/retry`).expect(202);
  });

  it('pages the delivery log newest first, the id of the last one leading to the next page', async () => {
    const hook = await createWebhook(alice, receiver.url, ['campaign.created']);
    for (let i = 0; i < 3; i += 1) await alice.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
    // As the deliveries of one click batch: one creation time.
    await sql(server, 'UPDATE webhook_deliveries SET created_at = $2 WHERE endpoint_id = $1', [
      hook.id,
      new Date(),
    ]);
    const all = await deliveriesOf(alice, hook.id);
    expect(all).toHaveLength(3);
    const page = (query: string) =>
      alice.agent.get(`/api/v1/webhooks/${hook.id}/deliveries?${query}`).expect(200);
    const { body: first } = await page('limit=2');
    const { body: second } = await page(`limit=2&before=${first.items[1].id as string}`);
    expect([...first.items, ...second.items].map((d: { id: string }) => d.id)).toEqual(all.map((d) => d.id));
    const bad = await alice.agent
      .get(`/api/v1/webhooks/${hook.id}/deliveries?limit=0&before=yesterday`)
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['before', 'limit']);
    await alice.unsafe('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
  });

  it('never sends a body over the 256 KB cap: the delivery fails at once and says why', async () => {
    const hook = await createWebhook(alice, receiver.url, ['campaign.created']);
    // No event is that large (their fields are bounded); an outbox row made so by hand stands in for one.
    await sql(
      server,
      `INSERT INTO webhook_deliveries (endpoint_id, event_type, payload)
       VALUES ($1, 'campaign.created', jsonb_build_object('type', 'campaign.created', 'data', repeat('x', 300000)))`,
      [hook.id],
    );
    receiver.received.length = 0;
    await deliver(server);
    const [delivery] = await deliveriesOf(alice, hook.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
    expect(delivery!.error).toMatch(/^payload of 300\d{3} bytes is over the 262144 byte cap$/);
    expect(receiver.ofType('campaign.created')).toEqual([]);
    await alice.unsafe('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
  });

  it('delivers to a host name through the address it resolved for the attempt', async () => {
    const byName = receiver.url.replace('127.0.0.1', 'localhost');
    const hook = await createWebhook(alice, byName, ['campaign.created']);
    await alice.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
    await deliver(server);
    const [delivery] = await deliveriesOf(alice, hook.id);
    expect(delivery).toMatchObject({ status: 'delivered', responseStatus: 200 });
    const [received] = receiver.received.filter((r) => r.headers['webhook-id'] === delivery!.messageId);
    expect(received!.headers['host']).toBe(new URL(byName).host);
    await alice.unsafe('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
  });

  it('needs webhooks:read to read and webhooks:write to change, with an API key', async () => {
    const bearer = async (scopes: string[]) => {
      const { body } = await alice
        .unsafe('post', '/api/v1/api-keys')
        .send({ name: 'Hooks', scopes })
        .expect(201);
      return { Authorization: `Bearer ${body.secret as string}` };
    };
    const campaignsOnly = await bearer(['campaigns:read']);
    const denied = await request(server.url).get('/api/v1/webhooks').set(campaignsOnly).expect(403);
    expect(denied.body).toMatchObject({
      error: 'MissingScope',
      message: 'This API key lacks the scope webhooks:read.',
    });
    const reader = await bearer(['webhooks:read']);
    await request(server.url).get('/api/v1/webhooks').set(reader).expect(200);
    const write = await request(server.url)
      .post('/api/v1/webhooks')
      .set(reader)
      .send({ url: receiver.url, events: ['link.clicked'] })
      .expect(403);
    expect(write.body.message).toBe('This API key lacks the scope webhooks:write.');
    const writer = await bearer(['webhooks:write']);
    await request(server.url)
      .post('/api/v1/webhooks')
      .set(writer)
      .send({ url: receiver.url, events: ['link.clicked'] })
      .expect(201);
  });
});
