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
import { focusField, serverErrorText, showSubmitProblem } from '../../core/forms';
import { SessionService } from '../../core/session.service';
import { formatDateTime } from '../../core/time-zones';
import { ApiKey, ApiKeyScope, CreatedApiKey, SettingsApi } from './settings-api';

export type { ApiKey, CreatedApiKey } from './settings-api';
type Scope = ApiKeyScope;

export const SCOPES: readonly {
  readonly scope: Scope;
  readonly label: string;
  readonly description: string;
}[] = [
  {
    scope: 'campaigns:read',
    label: 'Read campaigns',
    description: 'List campaigns and their tracker links.',
  },
  {
    scope: 'campaigns:write',
    label: 'Manage campaigns',
    description: 'Create, change and archive campaigns and tracker links.',
  },
  { scope: 'analytics:read', label: 'Read analytics', description: 'Clicks, plays and attribution reports.' },
  {
    scope: 'webhooks:read',
    label: 'Read webhooks',
    description: 'List webhook endpoints and their delivery logs.',
  },
  {
    scope: 'webhooks:write',
    label: 'Manage webhooks',
    description: 'Add, change and delete webhook endpoints, rotate secrets, send tests, retry deliveries.',
  },
];

/** Checked when the form opens: reading, not changing; webhooks only when asked for. */
const DEFAULT_SCOPES: readonly Scope[] = ['campaigns:read', 'analytics:read'];

type ListState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly keys: readonly ApiKey[] };

const atLeastOneScope = (group: AbstractControl): ValidationErrors | null =>
  Object.values(group.value as Record<string, boolean>).some(Boolean) ? null : { noScope: true };

@Component({
  selector: 'sl-api-keys',
  imports: [ReactiveFormsModule, ConfirmInline, SecretField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './api-keys.html',
  styleUrl: './api-keys.css',
})
export class ApiKeys implements OnInit {
  private readonly api = inject(SettingsApi);
  private readonly session = inject(SessionService);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly scopes = SCOPES;
  protected readonly list = signal<ListState>({ state: 'loading' });
  protected readonly keys = computed(() => {
    const list = this.list();
    return list.state === 'ready' ? list.keys : [];
  });
  protected readonly listError = computed(() => {
    const list = this.list();
    return list.state === 'error' ? list.message : '';
  });

  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    scopes: this.fb.group(
      Object.fromEntries(SCOPES.map(({ scope }) => [scope, this.fb.control(DEFAULT_SCOPES.includes(scope))])),
      { validators: atLeastOneScope },
    ),
  });
  protected readonly creating = signal(false);
  protected readonly submitted = signal(false);
  protected readonly createError = signal<string | null>(null);

  /** The key just created, with its secret: shown once, forgotten on dismissal. */
  protected readonly created = signal<CreatedApiKey | null>(null);

  protected readonly confirming = signal<string | null>(null);
  protected readonly revoking = signal<string | null>(null);
  protected readonly revokeError = signal<string | null>(null);
  protected readonly announcement = signal('');

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.list.set({ state: 'loading' });
    const result = await this.api.apiKeys();
    if (result.ok) {
      this.list.set({ state: 'ready', keys: result.data });
    } else if (!this.session.handleExpiredSession(result.problem)) {
      this.list.set({ state: 'error', message: problemText(result.problem) });
    }
  }

  protected formatDate(iso: string): string {
    return formatDateTime(iso, this.session.owner()?.timezone);
  }

  protected scopeLabel(scope: Scope): string {
    return SCOPES.find((entry) => entry.scope === scope)?.label ?? scope;
  }

  protected showNameError(): boolean {
    const control = this.form.controls.name;
    return control.invalid && (control.touched || this.submitted());
  }

  protected nameErrorText(): string {
    const control = this.form.controls.name;
    return (
      serverErrorText('Name', control) ??
      (control.errors?.['required']
        ? 'Give the key a name, e.g. where it will be used.'
        : 'Keep the name to 100 characters or fewer.')
    );
  }

  protected showScopeError(): boolean {
    return this.form.controls.scopes.invalid && (this.form.controls.scopes.touched || this.submitted());
  }

  protected scopeErrorText(): string {
    return serverErrorText('Scopes', this.form.controls.scopes) ?? 'Choose at least one permission.';
  }

  async create(): Promise<void> {
    if (this.creating()) return;
    this.submitted.set(true);
    this.createError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      if (this.form.controls.name.invalid) focusField(this.host, 'name');
      else this.host.querySelector<HTMLElement>('#key-scopes input')?.focus();
      return;
    }
    this.creating.set(true);
    const { name, scopes } = this.form.getRawValue();
    const chosen = SCOPES.map(({ scope }) => scope).filter((scope) => scopes[scope]);
    const result = await this.api.createApiKey(name.trim(), chosen);
    this.creating.set(false);
    if (result.ok) {
      const { secret: _secret, ...key } = result.data;
      this.created.set(result.data);
      this.list.update((list) =>
        list.state === 'ready' ? { state: 'ready', keys: [key, ...list.keys] } : list,
      );
      this.form.reset();
      this.submitted.set(false);
      afterNextRender(() => this.host.querySelector<HTMLElement>('#new-key-title')?.focus(), {
        injector: this.injector,
      });
      return;
    }
    this.showCreateProblem(result.problem);
  }

  private showCreateProblem(problem: ApiProblem): void {
    if (this.session.handleExpiredSession(problem)) return;
    showSubmitProblem(
      { form: this.form, host: this.host, injector: this.injector },
      problem,
      this.createError,
    );
  }

  /** Forgets the secret for good and returns focus to the key's row. */
  protected dismissSecret(): void {
    const id = this.created()?.id;
    this.created.set(null);
    afterNextRender(
      () =>
        (
          this.host.querySelector<HTMLElement>(`[data-key-id="${id}"] button`) ??
          this.host.querySelector<HTMLElement>('#key-name')
        )?.focus(),
      { injector: this.injector },
    );
  }

  protected askRevoke(key: ApiKey): void {
    this.revokeError.set(null);
    this.confirming.set(key.id);
    afterNextRender(
      () => this.host.querySelector<HTMLElement>(`[data-key-id="${key.id}"] .cancel`)?.focus(),
      {
        injector: this.injector,
      },
    );
  }

  protected cancelRevoke(key: ApiKey): void {
    this.confirming.set(null);
    afterNextRender(() => this.host.querySelector<HTMLElement>(`[data-key-id="${key.id}"] button`)?.focus(), {
      injector: this.injector,
    });
  }

  async revoke(key: ApiKey): Promise<void> {
    if (this.revoking()) return;
    this.revoking.set(key.id);
    this.revokeError.set(null);
    const result = await this.api.revokeApiKey(key.id);
    this.revoking.set(null);
    // 404: already revoked elsewhere; either way it is gone.
    if (result.ok || result.problem.status === 404) {
      this.confirming.set(null);
      if (this.created()?.id === key.id) this.created.set(null);
      this.list.update((list) =>
        list.state === 'ready' ? { state: 'ready', keys: list.keys.filter((k) => k.id !== key.id) } : list,
      );
      this.announcement.set(`API key “${key.name}” revoked. It no longer works.`);
      afterNextRender(() => this.host.querySelector<HTMLElement>('#api-keys-title')?.focus(), {
        injector: this.injector,
      });
      return;
    }
    if (this.session.handleExpiredSession(result.problem)) return;
    this.revokeError.set(problemText(result.problem));
  }
}
