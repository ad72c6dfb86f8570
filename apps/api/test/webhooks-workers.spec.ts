import { SchedulerRegistry } from '@nestjs/schedule';
import { SecretsService } from '../src/common/security/secrets.service';
import { WebhookDeliveryWorker } from '../src/modules/webhooks/webhook-delivery.worker';
import { registerOwner, SignedInOwner } from './support/owners';
import { AppOnDatabase, startAppOnDatabase, startTestServer, TestServer } from './support/test-server';
import { createWebhook, deliver, deliveriesOf, WebhookReceiver } from './webhooks-kit';

/**
 * Several delivery workers on one database (issue 19): they share the outbox through FOR UPDATE SKIP LOCKED and
 * leases, so each event is sent once when nothing fails, and no endpoint gets more than 4 requests at a time
 * from one worker.
 */
describe('webhooks: workers', () => {
  let server: TestServer;
  let second: AppOnDatabase;
  let owner: SignedInOwner;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    const env = { SOUNDLINK_ROLE: 'api', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' };
    server = await startTestServer(env);
    second = await startAppOnDatabase(server.database.url, {
      ...env,
      ENCRYPTION_KEY: server.app.get(SecretsService).encryptionKey.toString('hex'),
    });
    receiver = await WebhookReceiver.start();
    owner = await registerOwner(server.url);
  });
  afterAll(async () => {
    await receiver?.down();
    await second?.stop();
    await server?.stop();
  });

  it('two workers draining the same outbox send each event once, at most 4 at a time to an endpoint', async () => {
    const hook = await createWebhook(owner, receiver.url, ['campaign.created']);
    for (let i = 0; i < 30; i += 1)
      await owner.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
    // The receiver counts the requests it holds at once; each waits a moment so that they overlap.
    let open = 0;
    let most = 0;
    const hold = receiver.hold((release) => {
      open += 1;
      most = Math.max(most, open);
      setTimeout(() => {
        open -= 1;
        release();
      }, 200);
    });
    try {
      await Promise.all([deliver(server), deliver(second)]);
    } finally {
      hold();
    }
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8); // 4 per worker, two workers
    const log = await deliveriesOf(owner, hook.id);
    expect(log.map((d) => [d.status, d.attempts])).toEqual(
      Array.from({ length: 30 }, () => ['delivered', 1]),
    );
  });

  it('one tick of a worker sends everything due, round after round, not 4 deliveries a second', async () => {
    // A worker process whose ticks the test makes: its interval is removed before anything is due.
    const worker = await startAppOnDatabase(server.database.url, {
      SOUNDLINK_ROLE: 'worker',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      ENCRYPTION_KEY: server.app.get(SecretsService).encryptionKey.toString('hex'),
    });
    try {
      worker.app.get(SchedulerRegistry).deleteInterval('webhook-deliveries');
      receiver.received.length = 0;
      const hook = await createWebhook(owner, receiver.url, ['campaign.created']);
      for (let i = 0; i < 12; i += 1)
        await owner.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);

      await worker.app.get(WebhookDeliveryWorker).tick();

      // 12 due for one endpoint: three rounds of 4 in the one tick (one round a tick would have sent 4).
      expect(receiver.received).toHaveLength(12);
      const log = await deliveriesOf(owner, hook.id);
      expect(log.map((d) => d.status)).toEqual(Array.from({ length: 12 }, () => 'delivered'));
    } finally {
      await worker.stop();
    }
  });
});
