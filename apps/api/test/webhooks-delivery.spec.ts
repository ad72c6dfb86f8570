import { DataSource } from 'typeorm';
import { SecretsService } from '../src/common/security/secrets.service';
import { connectOwnerSpotify, createCampaign, createLink, demoPlaylist } from './support/campaigns';
import { registerOwner, SignedInOwner } from './support/owners';
import { SandboxCatalog, sandboxControl } from './support/sandbox';
import { startAppOnDatabase, startTestServer, TestServer } from './support/test-server';
import {
  advance,
  clickAndConnect,
  createWebhook,
  deliver,
  deliveriesOf,
  syncNow,
  verify,
  WebhookReceiver,
} from './webhooks-kit';

/** A play counts only when it started after the click: sandbox tracks last at most 6 minutes. */
const AFTER = 7 * 60_000;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Webhooks end to end (issue 19): the real app over HTTP on the real database, a real receiver on loopback
 * (WEBHOOK_ALLOW_PRIVATE_TARGETS=true), signatures checked with the standardwebhooks package. Role `api`: no
 * background delivery; the tests run the worker (`deliver`) and move its clock (`advance`).
 */
describe('webhooks: delivery', () => {
  let server: TestServer;
  let owner: SignedInOwner;
  let catalog: SandboxCatalog;
  let receiver: WebhookReceiver;
  let campaignId: string;
  let uri: string;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    receiver = await WebhookReceiver.start();
    owner = await registerOwner(server.url);
    catalog = await connectOwnerSpotify(server.url, owner, 'Nightjar Records');
    uri = `spotify:playlist:${demoPlaylist(catalog).id}`;
    const { body } = await createCampaign(owner, { name: 'Hooks', destination: uri }).expect(201);
    campaignId = body.id;
    await createLink(owner, campaignId, { label: 'Bio', slug: 'hooks-bio' }).expect(201);
  });
  afterAll(async () => {
    await receiver?.down();
    await server?.stop();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.status = 200;
    receiver.stall = false;
    receiver.answerBody = undefined;
  });

  it('a click, a connect and an attributed play each arrive signed, and standardwebhooks verifies them', async () => {
    const hook = await createWebhook(owner, receiver.url, [
      'link.clicked',
      'listener.connected',
      'play.attributed',
    ]);
    const { userId, browser, clickId, listenerId, clickedAt } = await clickAndConnect(
      server,
      'hooks-bio',
      'Hooked listener',
    );
    const track = demoPlaylist(catalog).trackIds[0] as string;
    await sandboxControl(server.url, 'POST', `users/${userId}/plays`, {
      trackId: track,
      playedAt: new Date(clickedAt + AFTER + SECOND).toISOString(),
      context: { type: 'playlist', uri },
    });
    await sandboxControl(server.url, 'POST', 'clock', { advanceMs: AFTER + 10 * SECOND });
    const synced = await syncNow(browser).expect(200);
    expect(synced.body).toMatchObject({ newPlays: 1, attributedPlays: 1 });

    await deliver(server);

    const [clicked] = receiver.ofType('link.clicked');
    const [connected] = receiver.ofType('listener.connected');
    const [attributed] = receiver.ofType('play.attributed');
    for (const received of [clicked, connected, attributed]) {
      expect(received).toBeDefined();
      expect(verify(hook.secret, received!)).toEqual(received!.json);
      expect(received!.headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/);
      expect(received!.json.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    // Never the IP, its hash, the visitor cookie or the user agent: the referrer's host and a device class.
    expect(clicked!.json.data).toEqual({
      campaignId,
      linkId: expect.any(String),
      clickId,
      clickedAt: expect.stringMatching(/Z$/),
      utm: { source: null, medium: null, campaign: null, content: null, term: null },
      referrerHost: null,
      device: 'mobile',
      country: null,
    });
    expect(connected!.json.data).toMatchObject({ campaignId, clickId, listenerId, source: null });
    expect(attributed!.json.data).toMatchObject({
      campaignId,
      trackId: track,
      listenerId,
      clickId,
      credit: 1,
      tier: expect.stringMatching(/^(high|medium|low)$/),
      modelVersion: expect.any(String),
      reasons: expect.arrayContaining(['CONTEXT_DESTINATION']),
    });
    // The delivery log shows them delivered, with the receiver's answer.
    const log = await deliveriesOf(owner, hook.id);
    expect(
      log.map((d) => [d.eventType, d.status, d.attempts, d.responseStatus, d.responseBody]).sort(),
    ).toEqual([
      ['link.clicked', 'delivered', 1, 200, 'answered 200'],
      ['listener.connected', 'delivered', 1, 200, 'answered 200'],
      ['play.attributed', 'delivered', 1, 200, 'answered 200'],
    ]);
    await owner.unsafe('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
  });

  it('a receiver that is down gets the event retried on the schedule (5 s, 5 min, 30 min) and once when back', async () => {
    const hook = await createWebhook(owner, receiver.url, ['link.updated']);
    const { body: link } = await createLink(owner, campaignId, {
      label: 'Retry',
      slug: 'hooks-retry',
    }).expect(201);
    await receiver.down();
    await owner
      .unsafe('patch', `/api/v1/campaigns/${campaignId}/links/${link.id}`)
      .send({ label: 'Retried' })
      .expect(200);

    const waits: number[] = [];
    for (const [expected, attempts] of [
      [5 * SECOND, 1],
      [5 * MINUTE, 2],
      [30 * MINUTE, 3],
    ] as const) {
      expect(await deliver(server)).toBe(1);
      const [delivery] = await deliveriesOf(owner, hook.id);
      expect(delivery).toMatchObject({ status: 'pending', attempts, responseStatus: null });
      expect(delivery!.error).toMatch(/ECONNREFUSED/);
      const wait = Date.parse(delivery!.nextAttemptAt!) - Date.parse(delivery!.lastAttemptAt!);
      waits.push(wait);
      // ±10 % jitter: not due a little before the earliest time, due after the latest.
      expect(wait).toBeGreaterThanOrEqual(expected * 0.9);
      expect(wait).toBeLessThanOrEqual(expected * 1.1);
      advance(server, Math.floor(expected * 0.89));
      expect(await deliver(server)).toBe(0);
      advance(server, Math.ceil(expected * 0.22));
      if (attempts === 3) await receiver.up();
    }
    expect(await deliver(server)).toBe(1);
    expect(receiver.ofType('link.updated')).toHaveLength(1);
    expect(receiver.received[0]!.json.data).toMatchObject({ linkId: link.id, label: 'Retried' });
    expect(verify(hook.secret, receiver.received[0]!)).toBeTruthy();
    const [delivery] = await deliveriesOf(owner, hook.id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 4, nextAttemptAt: null });
    const { body: endpoint } = await owner.agent.get(`/api/v1/webhooks/${hook.id}`).expect(200);
    expect(endpoint).toMatchObject({ enabled: true, failingSince: null });
    await owner.unsafe('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
  });

  it('an event committed while no worker runs is delivered by the next app started on the database', async () => {
    const hook = await createWebhook(owner, receiver.url, ['link.created']);
    await createLink(owner, campaignId, { label: 'Restart', slug: 'hooks-restart' }).expect(201);
    // This app (role api) never delivers: the event waits in the outbox, committed with the link.
    expect(receiver.received).toHaveLength(0);
    // A worker process on the same database (a fresh instance) delivers it on its own schedule.
    const worker = await startAppOnDatabase(server.database.url, {
      SOUNDLINK_ROLE: 'worker',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      ENCRYPTION_KEY: encryptionKeyOf(server),
    });
    try {
      while (receiver.ofType('link.created').length === 0) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.stop();
    }
    const [received] = receiver.ofType('link.created');
    expect(received!.json.data).toMatchObject({ slug: 'hooks-restart', campaignId });
    expect(verify(hook.secret, received!)).toBeTruthy();
    await owner.unsafe('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
  });

  it('gives an attempt 10 s, keeps the first kilobyte of an answer, and retries both', async () => {
    const hook = await createWebhook(owner, receiver.url, ['campaign.updated']);
    receiver.stall = true;
    await owner.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
    await deliver(server);
    let [delivery] = await deliveriesOf(owner, hook.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, error: 'no answer within 10 s' });
    expect(receiver.received).toHaveLength(1);

    receiver.stall = false;
    receiver.status = 500;
    receiver.answerBody = 'x'.repeat(5_000);
    advance(server, 6 * SECOND);
    await deliver(server);
    [delivery] = await deliveriesOf(owner, hook.id);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 2, responseStatus: 500, error: null });
    expect(delivery!.responseBody).toBe('x'.repeat(1_024));
    await owner.unsafe('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
  });

  it('writes no event for a change that rolled back, and one for the same change committed', async () => {
    const hook = await createWebhook(owner, receiver.url, ['link.updated']);
    const { body: link } = await createLink(owner, campaignId, {
      label: 'Rollback',
      slug: 'hooks-rollback',
    }).expect(201);
    const dataSource = server.app.get(DataSource);
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE tracker_links SET label = 'Never' WHERE id = $1`, [link.id]);
        throw new Error('the change fails after its update');
      }),
    ).rejects.toThrow('the change fails');
    await deliver(server);
    expect(await deliveriesOf(owner, hook.id)).toEqual([]);
    expect(receiver.received).toHaveLength(0);

    await dataSource.transaction((manager) =>
      manager.query(`UPDATE tracker_links SET label = 'Kept' WHERE id = $1`, [link.id]),
    );
    await deliver(server);
    expect(receiver.received.map((r) => r.json.data['label'])).toEqual(['Kept']);
    await owner.unsafe('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
  });

  it('after a rotation both secrets sign for 24 hours, then only the new one', async () => {
    const hook = await createWebhook(owner, receiver.url, ['campaign.updated']);
    const { body: rotated } = await owner
      .unsafe('post', `/api/v1/webhooks/${hook.id}/rotate-secret`)
      .expect(200);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(hook.secret);
    await owner.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
    await deliver(server);
    const [first] = receiver.ofType('webhook.test');
    expect((first!.headers['webhook-signature'] as string).split(' ')).toHaveLength(2);
    expect(verify(rotated.secret, first!)).toEqual(first!.json);
    expect(verify(hook.secret, first!)).toEqual(first!.json);

    advance(server, 24 * HOUR + MINUTE);
    await owner.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
    await deliver(server);
    const [, second] = receiver.ofType('webhook.test');
    expect((second!.headers['webhook-signature'] as string).split(' ')).toHaveLength(1);
    expect(verify(rotated.secret, second!)).toBeTruthy();
    expect(() => verify(hook.secret, second!)).toThrow();
    await owner.unsafe('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
  });

  it('a 410 answer disables the endpoint, with the reason in the webhook and the audit log', async () => {
    const hook = await createWebhook(owner, receiver.url, ['campaign.updated']);
    receiver.status = 410;
    await owner.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
    await deliver(server);
    const { body } = await owner.agent.get(`/api/v1/webhooks/${hook.id}`).expect(200);
    expect(body).toMatchObject({ enabled: false, disabledReason: 'the endpoint answered 410 Gone' });
    const [delivery] = await deliveriesOf(owner, hook.id);
    expect(delivery).toMatchObject({
      status: 'failed',
      attempts: 1,
      responseStatus: 410,
      nextAttemptAt: null,
    });
    const { body: audit } = await owner.agent.get('/api/v1/audit-log?limit=5').expect(200);
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'webhook.disabled', entityId: hook.id, actorType: 'system' }),
    );
    // Disabled: nothing more is sent (a test is refused, changes wait), until the owner enables it again.
    await owner.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(409);
    await owner.unsafe('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
  });

  it('an endpoint failing for 5 days in a row is disabled and says why', async () => {
    const hook = await createWebhook(owner, receiver.url, ['campaign.updated']);
    receiver.status = 500;
    await owner.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
    await deliver(server);
    const { body: failing } = await owner.agent.get(`/api/v1/webhooks/${hook.id}`).expect(200);
    expect(failing).toMatchObject({ enabled: true, failingSince: expect.any(String) });

    advance(server, 5 * 24 * HOUR);
    await owner.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
    await deliver(server);
    const { body } = await owner.agent.get(`/api/v1/webhooks/${hook.id}`).expect(200);
    expect(body.enabled).toBe(false);
    expect(body.disabledReason).toMatch(/^every delivery failed for 5 days \(since .*; last: 500\)$/);

    // Enabled again by its owner: the failures count from scratch.
    const { body: enabled } = await owner
      .unsafe('patch', `/api/v1/webhooks/${hook.id}`)
      .send({ enabled: true })
      .expect(200);
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    await owner.unsafe('delete', `/api/v1/webhooks/${hook.id}`).expect(204);
  });
});

/** The app's encryption key, for a second app that must read the secrets the first one stored. */
function encryptionKeyOf(server: TestServer): string {
  return server.app.get(SecretsService).encryptionKey.toString('hex');
}
