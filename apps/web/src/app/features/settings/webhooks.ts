import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  OnInit,
  signal,
} from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { ApiProblem, problemText } from '../../core/api-problem';
import { ConfirmInline } from '../../core/confirm-inline';
import { SecretField } from '../../core/secret-field';
import { focusField, showSubmitProblem } from '../../core/forms';
import { SessionService } from '../../core/session.service';
import { formatDateTime } from '../../core/time-zones';
import { WebhookDeliveries } from './webhook-deliveries';
import { endpointState, eventLabel, fieldReasonText, WEBHOOK_EVENTS } from './webhook-model';
import { Webhook, WebhooksApi } from './webhooks-api';

export type { Webhook } from './webhooks-api';

type ListState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly webhooks: readonly Webhook[] };

/** A signing secret just created or rotated: shown once, forgotten on dismissal. */
interface ShownSecret {
  readonly webhookId: string;
  readonly url: string;
  readonly secret: string;
  /** After a rotation: until when the previous secret also signs. */
  readonly previousSecretExpiresAt: string | null;
}

type RowAction = 'test' | 'toggle' | 'rotate' | 'delete';

const atLeastOneEvent = (group: AbstractControl): ValidationErrors | null =>
  Object.values(group.value as Record<string, boolean>).some(Boolean) ? null : { noEvent: true };

/** An absolute http(s) URL; whether it may be used (https, a public address) is the API's call. */
const absoluteUrl = (control: AbstractControl): ValidationErrors | null => {
  const value = String(control.value ?? '').trim();
  if (!value) return null;
  try {
    return /^https?:$/.test(new URL(value).protocol) ? null : { url: true };
  } catch {
    return { url: true };
  }
};

/** Settings card: the owner's webhook endpoints, their secrets, test events and delivery logs. */
@Component({
  selector: 'sl-webhooks',
  imports: [ReactiveFormsModule, ConfirmInline, SecretField, WebhookDeliveries],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './webhooks.html',
  styleUrl: './webhooks.css',
})
export class Webhooks implements OnInit {
  private readonly api = inject(WebhooksApi);
  private readonly session = inject(SessionService);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly events = WEBHOOK_EVENTS;
  protected readonly eventLabel = eventLabel;
  protected readonly stateOf = endpointState;
  protected readonly list = signal<ListState>({ state: 'loading' });
  protected readonly webhooks = computed(() => {
    const list = this.list();
    return list.state === 'ready' ? list.webhooks : [];
  });
  protected readonly listError = computed(() => {
    const list = this.list();
    return list.state === 'error' ? list.message : '';
  });

  protected readonly form = this.fb.group({
    url: ['', [Validators.required, Validators.maxLength(2000), absoluteUrl]],
    description: ['', [Validators.maxLength(500)]],
    events: this.fb.group(
      Object.fromEntries(WEBHOOK_EVENTS.map(({ key }) => [key, this.fb.control(false)])),
      { validators: atLeastOneEvent },
    ),
  });
  protected readonly creating = signal(false);
  protected readonly submitted = signal(false);
  protected readonly createError = signal<string | null>(null);

  protected readonly secret = signal<ShownSecret | null>(null);

  /** Endpoints whose delivery log is open, and a counter per endpoint that makes its log reload. */
  protected readonly openLogs = signal<ReadonlySet<string>>(new Set());
  protected readonly logRefresh = signal<Readonly<Record<string, number>>>({});

  protected readonly confirming = signal<{ id: string; action: 'rotate' | 'delete' } | null>(null);
  protected readonly busy = signal<{ id: string; action: RowAction } | null>(null);
  protected readonly rowError = signal<{ id: string; message: string } | null>(null);
  protected readonly announcement = signal('');

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.list.set({ state: 'loading' });
    const result = await this.api.webhooks();
    if (result.ok) this.list.set({ state: 'ready', webhooks: result.data.items });
    else if (!this.session.handleExpiredSession(result.problem))
      this.list.set({ state: 'error', message: problemText(result.problem) });
  }

  protected formatDate(iso: string): string {
    return formatDateTime(iso, this.session.owner()?.timezone);
  }

  protected isBusy(webhook: Webhook, action: RowAction): boolean {
    const busy = this.busy();
    return busy?.id === webhook.id && busy.action === action;
  }

  protected isConfirming(webhook: Webhook, action: 'rotate' | 'delete'): boolean {
    const confirming = this.confirming();
    return confirming?.id === webhook.id && confirming.action === action;
  }

  protected errorOf(webhook: Webhook): string | null {
    const error = this.rowError();
    return error?.id === webhook.id ? error.message : null;
  }

  protected showError(field: 'url' | 'description' | 'events'): boolean {
    const control = this.form.controls[field];
    return control.invalid && (control.touched || this.submitted());
  }

  protected errorText(field: 'url' | 'description' | 'events'): string {
    const control = this.form.controls[field];
    const server = control.errors?.['server'] as string[] | undefined;
    const label = { url: 'URL', description: 'Description', events: 'Events' }[field];
    if (server?.length) return fieldReasonText(label, server);
    if (field === 'events') return 'Choose at least one event.';
    if (control.errors?.['required']) return 'Enter the URL Soundlink should POST events to.';
    if (control.errors?.['url']) return 'Enter a full URL, starting with https://.';
    return `Keep the ${field === 'url' ? 'URL to 2000' : 'description to 500'} characters or fewer.`;
  }

  async create(): Promise<void> {
    if (this.creating()) return;
    this.submitted.set(true);
    this.createError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      if (this.form.controls.url.invalid) focusField(this.host, 'url');
      else if (this.form.controls.description.invalid) focusField(this.host, 'description');
      else this.host.querySelector<HTMLElement>('#webhook-events input')?.focus();
      return;
    }
    this.creating.set(true);
    const { url, description, events } = this.form.getRawValue();
    const chosen = WEBHOOK_EVENTS.filter(({ key }) => events[key]).map(({ type }) => type);
    const result = await this.api.createWebhook({
      url: url.trim(),
      events: chosen,
      ...(description.trim() ? { description: description.trim() } : {}),
    });
    this.creating.set(false);
    if (!result.ok) return this.showCreateProblem(result.problem);
    const { secret, ...webhook } = result.data;
    this.list.update((list) =>
      list.state === 'ready' ? { state: 'ready', webhooks: [webhook, ...list.webhooks] } : list,
    );
    this.showSecret({ webhookId: webhook.id, url: webhook.url, secret, previousSecretExpiresAt: null });
    this.form.reset();
    this.submitted.set(false);
  }

  private showCreateProblem(problem: ApiProblem): void {
    if (this.session.handleExpiredSession(problem)) return;
    showSubmitProblem(
      { form: this.form, host: this.host, injector: this.injector },
      problem,
      this.createError,
    );
  }

  private showSecret(shown: ShownSecret): void {
    this.secret.set(shown);
    afterNextRender(() => this.host.querySelector<HTMLElement>('#webhook-secret-title')?.focus(), {
      injector: this.injector,
    });
  }

  /** Forgets the secret for good and returns focus to its endpoint. */
  protected dismissSecret(): void {
    const id = this.secret()?.webhookId;
    this.secret.set(null);
    this.focusRow(id, 'button');
  }

  protected logOpen(webhook: Webhook): boolean {
    return this.openLogs().has(webhook.id);
  }

  protected refreshOf(webhook: Webhook): number {
    return this.logRefresh()[webhook.id] ?? 0;
  }

  protected toggleLog(webhook: Webhook): void {
    this.openLogs.update((open) => {
      const next = new Set(open);
      if (!next.delete(webhook.id)) next.add(webhook.id);
      return next;
    });
  }

  protected async sendTest(webhook: Webhook): Promise<void> {
    const result = await this.run(webhook, 'test', () => this.api.sendTest(webhook.id));
    if (!result) return;
    this.openLogs.update((open) => new Set(open).add(webhook.id));
    this.logRefresh.update((counts) => ({ ...counts, [webhook.id]: (counts[webhook.id] ?? 0) + 1 }));
    this.announcement.set(`Test event queued for ${webhook.url}. Follow it in the delivery log.`);
  }

  protected async toggle(webhook: Webhook): Promise<void> {
    const enabled = !webhook.enabled;
    const result = await this.run(webhook, 'toggle', () => this.api.updateWebhook(webhook.id, { enabled }));
    if (!result) return;
    this.replace(result.data);
    this.announcement.set(
      enabled
        ? `${webhook.url} is enabled: waiting deliveries are sent again.`
        : `${webhook.url} is paused: deliveries wait until you enable it.`,
    );
    this.focusRow(webhook.id, '.toggle');
  }

  protected ask(webhook: Webhook, action: 'rotate' | 'delete'): void {
    this.rowError.set(null);
    this.confirming.set({ id: webhook.id, action });
    this.focusRow(webhook.id, '.confirm .cancel');
  }

  protected cancel(webhook: Webhook, action: 'rotate' | 'delete'): void {
    this.confirming.set(null);
    this.focusRow(webhook.id, `.${action}`);
  }

  protected async rotate(webhook: Webhook): Promise<void> {
    const result = await this.run(webhook, 'rotate', () => this.api.rotateSecret(webhook.id));
    this.confirming.set(null);
    if (!result) return;
    const { secret, previousSecretExpiresAt } = result.data;
    this.replace({ ...webhook, previousSecretExpiresAt });
    this.showSecret({ webhookId: webhook.id, url: webhook.url, secret, previousSecretExpiresAt });
  }

  protected async delete(webhook: Webhook): Promise<void> {
    const result = await this.run(webhook, 'delete', () => this.api.deleteWebhook(webhook.id), true);
    if (!result) return;
    this.confirming.set(null);
    if (this.secret()?.webhookId === webhook.id) this.secret.set(null);
    this.list.update((list) =>
      list.state === 'ready'
        ? { state: 'ready', webhooks: list.webhooks.filter((w) => w.id !== webhook.id) }
        : list,
    );
    this.announcement.set(`Webhook ${webhook.url} deleted, with its delivery log.`);
    afterNextRender(() => this.host.querySelector<HTMLElement>('#webhooks-title')?.focus(), {
      injector: this.injector,
    });
  }

  /**
   * Runs one row action, showing its problem on the row; answers `{data}`, or null when it failed.
   */
  private async run<T>(
    webhook: Webhook,
    action: RowAction,
    call: () => Promise<{ ok: true; data: T } | { ok: false; problem: ApiProblem }>,
    goneIsDone = false,
  ): Promise<{ data: T } | null> {
    if (this.busy()) return null;
    this.busy.set({ id: webhook.id, action });
    this.rowError.set(null);
    const result = await call();
    this.busy.set(null);
    if (result.ok) return { data: result.data };
    // Deleting what is already gone (404) reaches what was asked.
    if (goneIsDone && result.problem.status === 404) return { data: undefined as T };
    if (this.session.handleExpiredSession(result.problem)) return null;
    this.rowError.set({ id: webhook.id, message: problemText(result.problem) });
    return null;
  }

  private replace(webhook: Webhook): void {
    this.list.update((list) =>
      list.state === 'ready'
        ? { state: 'ready', webhooks: list.webhooks.map((w) => (w.id === webhook.id ? webhook : w)) }
        : list,
    );
  }

  private focusRow(id: string | undefined, selector: string): void {
    afterNextRender(
      () =>
        (
          this.host.querySelector<HTMLElement>(`[data-webhook-id="${id}"] ${selector}`) ??
          this.host.querySelector<HTMLElement>('#webhook-url')
        )?.focus(),
      { injector: this.injector },
    );
  }
}
