import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { closeAll, launchChromium } from './support/chromium';
import { expectPageAccessible, watchConsoleErrors } from './support/page-checks';
import { RunningProduct, startProduct } from './support/product';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real receiver on loopback: records every request and answers 200 with a short body. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('received by the e2e receiver');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, received, server };
}

/** The standardwebhooks package's own check of a request: answers the verified body. */
function verified(secret: string, request: Received): { type: string; data: Record<string, unknown> } {
  return new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
    type: string;
    data: Record<string, unknown>;
  };
}

/**
 * An owner wires an integration in Settings → Webhooks, in the real SPA on the built product (role all: its
 * delivery worker sends), with a receiver of the test's own on loopback (WEBHOOK_ALLOW_PRIVATE_TARGETS=true, as
 * for local setups): adds an endpoint with a checklist of events, copies the secret shown once, sends a test
 * event and sees it delivered in the log; the receiver got a `webhook.test` whose signature the
 * standardwebhooks package accepts. Then rotates the secret (the next delivery carries both signatures),
 * pauses and resumes the endpoint, and deletes it. Every state passes axe, fits a phone, logs no console error.
 */
describe('Settings → Webhooks in headless Chromium', () => {
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret: string;

  const card = () => page.locator('#webhooks');
  const endpoint = () => card().locator('.endpoint').first();

  beforeAll(async () => {
    receiver = await startReceiver();
    browser = await launchChromium();
    product = await startProduct({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: product.url });
    page = await context.newPage();
    problems = watchConsoleErrors(page);
  });
  afterAll(async () => {
    await closeAll(context, browser, product);
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  it('registers and finds Webhooks in Settings', async () => {
    await page.goto(`${product.url}/register`);
    await page.getByLabel('Name').fill('Maya at Nightjar');
    await page.getByLabel('Email').fill(`hooks.${Date.now()}@label.example`);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/dashboard');

    await page.getByRole('banner').getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 2, name: 'Webhooks' }).waitFor();
    await card().getByText('No webhooks yet.').waitFor();
    await expectPageAccessible(page, 'the settings page without webhooks');
    expect(problems).toEqual([]);
  });

  it('explains what is missing before adding', async () => {
    await card().getByRole('button', { name: 'Add endpoint' }).click();
    await card().getByText('Enter the URL Soundlink should POST events to.').waitFor();
    await card().getByText('Choose at least one event.').waitFor();
    await expectPageAccessible(page, 'the webhook form with its errors');
    expect(problems).toEqual([]);
  });

  it('adds an endpoint and shows its secret once, with a copy button', async () => {
    await card().getByLabel('URL', { exact: true }).fill(receiver.url);
    await card()
      .getByLabel(/^Description/)
      .fill('CRM sync');
    await card()
      .getByRole('checkbox', { name: /^Play attributed/ })
      .check();
    await card()
      .getByRole('checkbox', { name: /^Listener erased/ })
      .check();
    await card().getByRole('button', { name: 'Add endpoint' }).click();

    const panel = card().locator('.secret-panel');
    await panel.getByText("You won't see it again.").waitFor();
    secret = await panel.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await panel.getByRole('button', { name: 'Copy' }).click();
    await panel.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await endpoint().getByText('Play attributed').waitFor();
    await endpoint().getByText('Listener erased').waitFor();
    await expectPageAccessible(page, 'the settings page with a new webhook secret');

    await panel.getByRole('button', { name: "Done, I've stored it" }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await endpoint().getByText(receiver.url).waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(problems).toEqual([]);
  });

  it('sends a test event, sees it delivered in the log, and the receiver can verify its signature', async () => {
    await endpoint().getByRole('button', { name: 'Send test event' }).click();
    const row = endpoint().locator('[data-delivery-id]').first();
    // The log refreshes itself while the delivery is due; the worker sends it within a second or two.
    await endpoint().locator('[data-delivery-id][data-status="delivered"]').waitFor({ timeout: 30_000 });
    await row.getByText('Test event', { exact: true }).waitFor();
    await row.getByText('Delivered', { exact: true }).waitFor();
    await row.getByText('HTTP 200').waitFor();
    await row.getByText('Answer body').click();
    await row.getByText('received by the e2e receiver').waitFor();
    await expectPageAccessible(page, 'the delivery log');

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const event = verified(secret, request!);
    expect(event.type).toBe('webhook.test');
    const id = await endpoint().getAttribute('data-webhook-id');
    expect(event.data['webhookId']).toBe(id);
    expect(() => verified('whsec_' + Buffer.from('not the secret').toString('base64'), request!)).toThrow();
    expect(problems).toEqual([]);
  });

  it('rotates the secret: the next delivery is signed with the new one and the previous one', async () => {
    await endpoint().getByRole('button', { name: 'Rotate secret' }).click();
    await endpoint().getByText('keeps signing for 24 hours').waitFor();
    await endpoint().locator('.confirm').getByRole('button', { name: 'Rotate secret' }).click();
    const panel = card().locator('.secret-panel');
    await panel.getByText('The previous secret also signs until').waitFor();
    const rotated = await panel.getByLabel('Signing secret').inputValue();
    expect(rotated).not.toBe(secret);
    await expectPageAccessible(page, 'the rotated secret');
    await panel.getByRole('button', { name: "Done, I've stored it" }).click();

    await endpoint().getByRole('button', { name: 'Send test event' }).click();
    // Both test events delivered: the new one and the first.
    await endpoint()
      .locator('[data-delivery-id][data-status="delivered"]')
      .nth(1)
      .waitFor({ timeout: 30_000 });
    const request = receiver.received.at(-1)!;
    expect(receiver.received).toHaveLength(2);
    expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verified(rotated, request).type).toBe('webhook.test');
    expect(verified(secret, request).type).toBe('webhook.test');
    expect(problems).toEqual([]);
  });

  it('pauses and resumes the endpoint, then deletes it', async () => {
    await endpoint().getByRole('button', { name: 'Disable' }).click();
    await endpoint().getByText('Paused', { exact: true }).waitFor();
    expect(await endpoint().getByRole('button', { name: 'Send test event' }).count()).toBe(0);
    await expectPageAccessible(page, 'a paused webhook');
    await endpoint().getByRole('button', { name: 'Enable' }).click();
    await endpoint().getByText('Enabled', { exact: true }).waitFor();

    await endpoint().getByRole('button', { name: 'Delete' }).click();
    await endpoint().getByRole('button', { name: 'Delete webhook' }).click();
    await card().getByText('No webhooks yet.').waitFor();
    expect(problems).toEqual([]);
  });
});
