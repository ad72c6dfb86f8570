import { renderSignedIn } from '../../../testing/signed-in';
import { TestBed } from '@angular/core/testing';
import { apiError, fakeApi, FakeApiClient, owner, signInRoute } from '../../../testing/fake-api-client';
import { button, describedErrors, settle, text, type } from '../../../testing/dom';
import { delivery, ROTATED, SECRET, webhook, WEBHOOK_ID as ID } from '../../../testing/webhooks';
import { Webhook, Webhooks } from './webhooks';
import { WebhookDelivery } from './webhooks-api';

async function render(routes: Parameters<typeof fakeApi>[0]) {
  return renderSignedIn(Webhooks, fakeApi({ ...signInRoute(owner()), ...routes }));
}

const endpoints = (el: HTMLElement) => Array.from(el.querySelectorAll<HTMLElement>('.endpoint'));
const posts = (fake: FakeApiClient) => fake.calls.filter((c) => c.method !== 'GET');

function check(el: HTMLElement, type: string): void {
  const box = Array.from(el.querySelectorAll('#webhook-events label'))
    .find((label) => text(label.querySelector('code')) === type)
    ?.querySelector('input');
  if (!box) throw new Error(`No checkbox ${type}`);
  box.click();
}

describe('Webhooks in Settings', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('lists endpoints with their events by name, and says why Soundlink disabled one', async () => {
    const { el } = await render({
      'GET /api/v1/webhooks': {
        status: 200,
        body: {
          items: [
            webhook({ failingSince: '2026-12-04T08:00:00.000Z' }),
            webhook({
              id: 'w2',
              url: 'https://gone.example.com/hook',
              enabled: false,
              disabledReason: 'the endpoint answered 410 Gone',
              disabledAt: '2026-12-05T10:00:00.000Z',
            }),
            webhook({
              id: 'w3',
              url: 'https://paused.example.com/hook',
              enabled: false,
              disabledReason: 'disabled by its owner',
              disabledAt: '2026-12-05T11:00:00.000Z',
            }),
          ],
        },
      },
    });

    const [failing, gone, paused] = endpoints(el).map((e) => text(e));
    expect(failing).toContain('https://hooks.example.com/soundlink');
    expect(failing).toContain('CRM sync');
    expect(failing).toContain('Link clicked');
    expect(failing).toContain('Play attributed');
    expect(failing).toContain('Enabled');
    expect(failing).toContain('Failing since');
    expect(gone).toContain('Disabled by Soundlink');
    expect(gone).toContain('the endpoint answered 410 Gone');
    expect(gone).not.toContain('Send test event');
    expect(paused).toContain('Paused');
    expect(paused).not.toContain('Disabled by Soundlink');
  });

  it('says so when there are none, and offers a retry when loading fails', async () => {
    const empty = await render({ 'GET /api/v1/webhooks': { status: 200, body: { items: [] } } });
    expect(text(empty.el.querySelector('.empty'))).toContain('No webhooks yet');

    TestBed.resetTestingModule();
    document.body.innerHTML = '';
    const failing = await render({ 'GET /api/v1/webhooks': { networkError: new TypeError('offline') } });
    expect(text(failing.el.querySelector('[role="alert"]'))).toContain("couldn't be loaded");
    expect(button(failing.el, 'Try again')).toBeTruthy();
  });

  it('asks for a URL and at least one event before adding', async () => {
    const { fixture, el, fake } = await render({
      'GET /api/v1/webhooks': { status: 200, body: { items: [] } },
    });

    button(el, 'Add endpoint').click();
    await settle(fixture);
    expect(describedErrors(el, '#webhook-url')).toContain('Enter the URL');
    expect(text(el.querySelector('#webhook-events-error'))).toBe('Choose at least one event.');
    expect(document.activeElement).toBe(el.querySelector('#webhook-url'));

    type(el, '#webhook-url', 'hooks.example.com');
    await settle(fixture);
    expect(describedErrors(el, '#webhook-url')).toContain('Enter a full URL');
    expect(posts(fake)).toEqual([]);
  });

  it('adds an endpoint with the chosen events and shows its secret once, with a Copy button', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { fixture, el, fake } = await render({
      'GET /api/v1/webhooks': { status: 200, body: { items: [] } },
      'POST /api/v1/webhooks': (init) => ({
        status: 201,
        body: { ...webhook(init.body as Partial<Webhook>), secret: SECRET },
      }),
    });

    type(el, '#webhook-url', ' https://hooks.example.com/soundlink ');
    type(el, '#webhook-description', 'CRM sync');
    check(el, 'play.attributed');
    check(el, 'listener.erased');
    button(el, 'Add endpoint').click();
    await settle(fixture);

    expect(posts(fake).at(-1)?.init.body).toEqual({
      url: 'https://hooks.example.com/soundlink',
      events: ['play.attributed', 'listener.erased'],
      description: 'CRM sync',
    });
    const panel = el.querySelector('.secret-panel')!;
    expect(text(panel)).toContain("You won't see it again.");
    expect(el.querySelector<HTMLInputElement>('#webhook-secret')?.value).toBe(SECRET);
    expect(document.activeElement).toBe(el.querySelector('#webhook-secret-title'));
    expect(text(endpoints(el)[0])).toContain('Listener erased');

    button(panel, 'Copy').click();
    await settle(fixture);
    expect(writeText).toHaveBeenCalledWith(SECRET);
    expect(text(panel)).toContain('The secret is on your clipboard.');

    button(panel, "Done, I've stored it").click();
    await settle(fixture);
    expect(el.querySelector('.secret-panel')).toBeNull();
    expect(el.innerHTML).not.toContain(SECRET);
    expect(el.querySelector<HTMLInputElement>('#webhook-url')?.value).toBe('');
  });

  it('shows the API’s refusal of a private address on the URL field', async () => {
    const reason = 'resolves to 127.0.0.1, a loopback address: only public addresses are allowed';
    const { fixture, el } = await render({
      'GET /api/v1/webhooks': { status: 200, body: { items: [] } },
      'POST /api/v1/webhooks': apiError(
        422,
        'WebhookTargetRefused',
        `The webhook URL cannot be used (${reason}).`,
        [{ field: 'url', reason }],
      ),
    });

    type(el, '#webhook-url', 'https://localhost/hook');
    check(el, 'link.clicked');
    button(el, 'Add endpoint').click();
    await settle(fixture);

    expect(describedErrors(el, '#webhook-url')).toBe(`URL ${reason}.`);
    expect(el.querySelector('#webhook-url')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(el.querySelector('#webhook-url'));
    expect(endpoints(el)).toEqual([]);
  });

  it('sends a test event and shows it in the delivery log: status, attempts, answer, duration, body', async () => {
    let log: WebhookDelivery[] = [];
    const { fixture, el, fake } = await render({
      'GET /api/v1/webhooks': { status: 200, body: { items: [webhook()] } },
      'POST /api/v1/webhooks/{id}/test': () => {
        log = [
          delivery({
            status: 'pending',
            attempts: 0,
            responseStatus: null,
            responseBody: null,
            durationMs: null,
            lastAttemptAt: null,
            deliveredAt: null,
            nextAttemptAt: '2999-01-01T00:00:00.000Z',
          }),
        ];
        return { status: 202, body: log[0] };
      },
      'GET /api/v1/webhooks/{id}/deliveries': () => ({ status: 200, body: { items: log } }),
    });

    button(el, 'Send test event').click();
    await settle(fixture);
    expect(posts(fake).at(-1)).toMatchObject({
      path: '/api/v1/webhooks/{id}/test',
      init: { params: { path: { id: ID } } },
    });
    const row = () => text(el.querySelector('[data-delivery-id]'));
    expect(row()).toContain('Test event');
    expect(row()).toContain('Pending');
    expect(row()).toContain('Not sent yet');
    expect(text(el.querySelector('[aria-live="polite"]'))).toContain('Test event queued');

    log = [
      delivery({
        status: 'failed',
        attempts: 8,
        responseStatus: 500,
        responseBody: 'upstream exploded',
        durationMs: 1530,
      }),
    ];
    button(el, /^Refresh/).click();
    await settle(fixture);
    expect(row()).toContain('Failed');
    expect(row()).toContain('HTTP 500');
    expect(row()).toContain('1.5 s');
    expect(row()).toContain('8');
    expect(text(el.querySelector('.log__body pre'))).toBe('upstream exploded');
    expect(el.querySelector('[aria-expanded="true"]')).toBeTruthy();
  });

  it('refreshes the log by itself until a due delivery is sent', async () => {
    let log = [
      delivery({
        status: 'pending',
        attempts: 0,
        responseStatus: null,
        nextAttemptAt: new Date().toISOString(),
      }),
    ];
    const { fixture, el } = await render({
      'GET /api/v1/webhooks': { status: 200, body: { items: [webhook()] } },
      'GET /api/v1/webhooks/{id}/deliveries': () => ({ status: 200, body: { items: log } }),
    });
    button(el, 'Delivery log').click();
    await settle(fixture);
    expect(el.querySelector('[data-delivery-id]')?.getAttribute('data-status')).toBe('pending');

    log = [delivery()];
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await settle(fixture);
    expect(el.querySelector('[data-delivery-id]')?.getAttribute('data-status')).toBe('delivered');
  });

  it('retries one delivery', async () => {
    const failed = delivery({ status: 'failed', attempts: 8, responseStatus: 503 });
    const { fixture, el, fake } = await render({
      'GET /api/v1/webhooks': { status: 200, body: { items: [webhook()] } },
      'GET /api/v1/webhooks/{id}/deliveries': { status: 200, body: { items: [failed] } },
      'POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry': {
        status: 202,
        body: { ...failed, status: 'pending', nextAttemptAt: '2999-01-01T00:00:00.000Z' },
      },
    });
    button(el, 'Delivery log').click();
    await settle(fixture);
    button(el, /^Retry/).click();
    await settle(fixture);

    expect(posts(fake).at(-1)).toEqual({
      method: 'POST',
      path: '/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry',
      init: { params: { path: { id: ID, deliveryId: failed.id } } },
    });
    expect(text(el.querySelector('[data-delivery-id]'))).toContain('Retrying');
  });

  it('rotates the secret after confirmation and shows the new one with the old one’s end', async () => {
    const { fixture, el, fake } = await render({
      'GET /api/v1/webhooks': { status: 200, body: { items: [webhook()] } },
      'POST /api/v1/webhooks/{id}/rotate-secret': {
        status: 200,
        body: { secret: ROTATED, previousSecretExpiresAt: '2026-12-06T12:00:00.000Z' },
      },
    });

    button(el, 'Rotate secret').click();
    await settle(fixture);
    expect(text(el.querySelector('.confirm'))).toContain('keeps signing for 24 hours');
    expect(document.activeElement).toBe(el.querySelector('.confirm .cancel'));
    button(el, 'Cancel').click();
    await settle(fixture);
    expect(posts(fake)).toEqual([]);
    expect(document.activeElement).toBe(el.querySelector('.rotate'));

    button(el, 'Rotate secret').click();
    await settle(fixture);
    button(el.querySelector('.confirm')!, 'Rotate secret').click();
    await settle(fixture);
    expect(el.querySelector<HTMLInputElement>('#webhook-secret')?.value).toBe(ROTATED);
    expect(text(el.querySelector('.secret-panel'))).toContain('The previous secret also signs until');
    expect(text(endpoints(el)[0])).toContain('The previous secret also signs until');
  });

  it('disables and enables an endpoint', async () => {
    const { fixture, el, fake } = await render({
      'GET /api/v1/webhooks': { status: 200, body: { items: [webhook()] } },
      'PATCH /api/v1/webhooks/{id}': (init) => {
        const enabled = (init.body as { enabled: boolean }).enabled;
        return {
          status: 200,
          body: webhook({ enabled, disabledReason: enabled ? null : 'disabled by its owner' }),
        };
      },
    });

    button(el, 'Disable').click();
    await settle(fixture);
    expect(posts(fake).at(-1)?.init.body).toEqual({ enabled: false });
    expect(text(endpoints(el)[0])).toContain('Paused');
    expect(document.activeElement).toBe(el.querySelector('.toggle'));

    button(el, 'Enable').click();
    await settle(fixture);
    expect(posts(fake).at(-1)?.init.body).toEqual({ enabled: true });
    expect(text(endpoints(el)[0])).toContain('Enabled');
  });

  it('explains a refused test event on its endpoint', async () => {
    const { fixture, el } = await render({
      'GET /api/v1/webhooks': { status: 200, body: { items: [webhook()] } },
      'POST /api/v1/webhooks/{id}/test': apiError(
        409,
        'WebhookDisabled',
        'The webhook is disabled: enable it first.',
      ),
    });
    button(el, 'Send test event').click();
    await settle(fixture);
    expect(text(endpoints(el)[0].querySelector('[role="alert"]'))).toBe(
      'The webhook is disabled: enable it first.',
    );
  });

  it('deletes an endpoint only after confirmation', async () => {
    const { fixture, el, fake } = await render({
      'GET /api/v1/webhooks': { status: 200, body: { items: [webhook()] } },
      'DELETE /api/v1/webhooks/{id}': { status: 204 },
    });

    button(el, 'Delete').click();
    await settle(fixture);
    expect(text(el.querySelector('.confirm'))).toContain('delivery log');
    button(el, 'Delete webhook').click();
    await settle(fixture);

    expect(posts(fake)).toEqual([
      { method: 'DELETE', path: '/api/v1/webhooks/{id}', init: { params: { path: { id: ID } } } },
    ]);
    expect(text(el.querySelector('.empty'))).toContain('No webhooks yet');
    expect(document.activeElement).toBe(el.querySelector('#webhooks-title'));
  });
});
