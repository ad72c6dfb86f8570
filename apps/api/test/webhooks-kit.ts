import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import request from 'supertest';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { SoundlinkServer } from '../src/bootstrap';
import { WebhookClock } from '../src/modules/webhooks/webhook-clock.service';
import { WebhookDeliveryWorker } from '../src/modules/webhooks/webhook-delivery.worker';
import { ClickBuffer } from '../src/modules/campaign/redirect/click-buffer.service';
import { BROWSER_UA } from './support/campaigns';
import type { SignedInOwner } from './support/owners';
import { answerConsent, sandboxControl } from './support/sandbox';
import { sql } from './support/sql';
import type { TestServer } from './support/test-server';

/** One request the receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * A real HTTP receiver on loopback: records every POST and answers `status` (a number, or a function of the
 * request). `down()` closes its port (connections are refused) and `up()` opens the same port again.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  status: number | ((received: Received) => number) = 200;
  /** The answer's body (default `answered <status>`). */
  answerBody?: string;
  /** Never answers (the request stays open until the receiver goes down). */
  stall = false;
  private holder?: (release: () => void) => void;
  private server?: Server;
  private port = 0;

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await receiver.up();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const received: Received = { headers: req.headers, body, json: JSON.parse(body) as Received['json'] };
        this.received.push(received);
        if (this.stall) return;
        const status = typeof this.status === 'function' ? this.status(received) : this.status;
        const answer = () =>
          res
            .writeHead(status, { 'content-type': 'text/plain' })
            .end(this.answerBody ?? `answered ${status}`);
        if (this.holder) this.holder(answer);
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Each request waits until `holder` releases it; answers a function that stops holding new ones. */
  hold(holder: (release: () => void) => void): () => void {
    this.holder = holder;
    return () => (this.holder = undefined);
  }

  ofType(type: string): Received[] {
    return this.received.filter((r) => r.json.type === type);
  }
}

/** Verifies a received request with the standardwebhooks package (throws when the signature does not hold). */
export function verify(secret: string, received: Received): unknown {
  return new Webhook(secret).verify(received.body, {
    'webhook-id': received.headers['webhook-id'] as string,
    'webhook-timestamp': received.headers['webhook-timestamp'] as string,
    'webhook-signature': received.headers['webhook-signature'] as string,
  });
}

/** Runs the delivery worker until nothing is due (by its clock); answers how many attempts it made. */
export const deliver = (server: SoundlinkServer) => server.app.get(WebhookDeliveryWorker).drain();

/** Moves the delivery worker's clock forward. */
export const advance = (server: SoundlinkServer, ms: number) => server.app.get(WebhookClock).advance(ms);

export interface CreatedWebhook {
  id: string;
  secret: string;
  url: string;
  events: string[];
}

export async function createWebhook(
  owner: SignedInOwner,
  url: string,
  events: string[],
  description?: string,
): Promise<CreatedWebhook> {
  const res = await owner.unsafe('post', '/api/v1/webhooks').send({ url, events, description });
  if (res.status !== 201) throw new Error(`webhook not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreatedWebhook;
}

export interface DeliveryView {
  id: string;
  messageId: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
  payload: Received['json'];
}

export async function deliveriesOf(owner: SignedInOwner, webhookId: string): Promise<DeliveryView[]> {
  const res = await owner.agent.get(`/api/v1/webhooks/${webhookId}/deliveries?limit=100`).expect(200);
  return res.body.items as DeliveryView[];
}

/**
 * A fresh sandbox user clicks the link `slug` in a browser and connects through it (the connect flow of the
 * listener module); answers the user, the browser, the click and the listener.
 */
export async function clickAndConnect(server: TestServer, slug: string, name: string) {
  const user = (await sandboxControl(server.url, 'POST', 'users', { displayName: name })) as { id: string };
  const browser = request.agent(server.url);
  const clicked = await browser.get(`/l/${slug}`).set('User-Agent', BROWSER_UA).redirects(0).expect(302);
  const clickId = new URL(clicked.headers['location'] as string, server.url).searchParams.get(
    'click',
  ) as string;
  const start = await browser
    .get(`/api/v1/listeners/connect/start?slug=${slug}&click=${clickId}`)
    .set('User-Agent', BROWSER_UA)
    .redirects(0)
    .expect(302);
  const callback = new URL(await answerConsent(start.headers['location'] as string, user.id));
  await browser
    .get(`${callback.pathname}${callback.search}`)
    .set('User-Agent', BROWSER_UA)
    .redirects(0)
    .expect(302);
  await server.app.get(ClickBuffer).flush();
  const [row] = await sql<{ id: string; clicked_at: Date }>(
    server,
    'SELECT l.id, k.clicked_at FROM listeners l JOIN clicks k ON k.listener_id = l.id WHERE k.id = $1',
    [clickId],
  );
  return { userId: user.id, browser, clickId, listenerId: row!.id, clickedAt: row!.clicked_at.getTime() };
}

/** The listener's browser asks for a sync now (their plays are read from the sandbox and attributed). */
export const syncNow = (browser: ReturnType<typeof request.agent>) =>
  browser
    .post('/api/v1/listeners/me/sync')
    .set('User-Agent', BROWSER_UA)
    .set('X-Requested-With', 'soundlink');
