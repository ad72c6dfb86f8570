import { registerOwner, SignedInOwner } from './support/owners';
import { sql } from './support/sql';
import { startTestServer, TestServer } from './support/test-server';
import { createWebhook, deliver, deliveriesOf, WebhookReceiver } from './webhooks-kit';

/**
 * The SSRF guard (issue 19) with WEBHOOK_ALLOW_PRIVATE_TARGETS off, as in production: a webhook URL must be
 * https and resolve to public addresses only; every other address class is refused with 422 naming the field
 * `url` and the reason, at creation, at change, and again at each delivery attempt (a host that resolved to a
 * public address when the endpoint was saved may resolve elsewhere later: DNS rebinding).
 */
describe('webhooks: SSRF guard', () => {
  let server: TestServer;
  let owner: SignedInOwner;

  beforeAll(async () => {
    server = await startTestServer({ SOUNDLINK_ROLE: 'api' });
    owner = await registerOwner(server.url);
  });
  afterAll(() => server?.stop());

  const refused: Array<[string, string, RegExp]> = [
    ['loopback IPv4', 'https://127.0.0.1/hooks', /127\.0\.0\.1, a loopback address/],
    ['loopback IPv4 written as a number', 'https://2130706433/hooks', /127\.0\.0\.1, a loopback address/],
    ['loopback IPv6', 'https://[::1]/hooks', /::1, a loopback address/],
    ['private 10/8', 'https://10.1.2.3/hooks', /a private address/],
    ['private 172.16/12', 'https://172.16.5.4/hooks', /a private address/],
    ['private 192.168/16', 'https://192.168.1.10/hooks', /a private address/],
    ['link-local 169.254/16', 'https://169.254.10.20/hooks', /a link-local address/],
    [
      'cloud metadata 169.254.169.254',
      'https://169.254.169.254/latest/meta-data/',
      /a cloud metadata address/,
    ],
    ['carrier-grade NAT 100.64/10', 'https://100.64.0.1/hooks', /a carrier-grade NAT address/],
    ['unique-local fc00::/7', 'https://[fd12:3456::1]/hooks', /a unique-local address/],
    ['IPv4-mapped IPv6 loopback', 'https://[::ffff:127.0.0.1]/hooks', /a loopback address/],
    ['IPv4-mapped IPv6 metadata', 'https://[::ffff:169.254.169.254]/hooks', /a cloud metadata address/],
    ['unspecified 0.0.0.0', 'https://0.0.0.0/hooks', /0\.0\.0\.0, an unspecified address/],
    ['a host name resolving to loopback', 'https://localhost/hooks', /a loopback address/],
    ['the http scheme', 'http://hooks.example.com/soundlink', /^must use https$/],
    [
      'credentials in the URL',
      'https://user:pass@hooks.example.com/',
      /must not carry a user name or password/,
    ],
  ];

  it.each(refused)('refuses %s with 422 naming the url and why', async (_class, url, reason) => {
    const res = await owner
      .unsafe('post', '/api/v1/webhooks')
      .send({ url, events: ['link.clicked'] })
      .expect(422);
    expect(res.body).toMatchObject({ statusCode: 422, error: 'WebhookTargetRefused' });
    expect(res.body.details).toEqual([{ field: 'url', reason: expect.stringMatching(reason) }]);
  });

  it('refuses a change of the URL to a private address the same way', async () => {
    const hook = await createWebhook(owner, 'https://93.184.215.14/hooks', ['link.clicked']);
    const res = await owner
      .unsafe('patch', `/api/v1/webhooks/${hook.id}`)
      .send({ url: 'https://192.168.0.1/hooks' })
      .expect(422);
    expect(res.body.details).toEqual([{ field: 'url', reason: expect.stringMatching(/a private address/) }]);
    const { body } = await owner.agent.get(`/api/v1/webhooks/${hook.id}`).expect(200);
    expect(body.url).toBe('https://93.184.215.14/hooks');
  });

  it('checks the address again at delivery: a target that now points at loopback gets nothing', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const hook = await createWebhook(owner, 'https://93.184.215.14/hooks', ['link.clicked']);
      // As if its host name resolved to a public address when saved and to this machine now (DNS rebinding).
      await sql(server, 'UPDATE webhook_endpoints SET url = $2 WHERE id = $1', [hook.id, receiver.url]);
      await owner.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
      expect(await deliver(server)).toBe(1);
      const [delivery] = await deliveriesOf(owner, hook.id);
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1, responseStatus: null });
      expect(delivery!.error).toMatch(/^refused: must use https$/);

      await sql(server, 'UPDATE webhook_endpoints SET url = $2 WHERE id = $1', [
        hook.id,
        receiver.url.replace('http:', 'https:'),
      ]);
      await owner.unsafe('post', `/api/v1/webhooks/${hook.id}/test`).expect(202);
      await deliver(server);
      const log = await deliveriesOf(owner, hook.id);
      expect(log.map((d) => d.error)).toContain(
        'refused: resolves to 127.0.0.1, a loopback address: only public addresses are allowed',
      );
      expect(receiver.received).toEqual([]);
    } finally {
      await receiver.down();
    }
  });
});
