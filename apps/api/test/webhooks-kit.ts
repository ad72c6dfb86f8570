import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { SoundlinkServer } from '../src/bootstrap';
import { WebhookClock } from '../src/modules/webhooks/webhook-clock.service';
import { WebhookDeliveryWorker } from '../src/modules/webhooks/webhook-delivery.worker';
import type { SignedInOwner } from './support/owners';

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
        const status = typeof this.status === 'function' ? this.status(received) : this.status;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${status}`);
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
