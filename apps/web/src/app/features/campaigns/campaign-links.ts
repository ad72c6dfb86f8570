import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  DOCUMENT,
  ElementRef,
  inject,
  Injector,
  input,
  OnInit,
  signal,
} from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import { ApiProblem, problemText } from '../../core/api-problem';
import { focusFirstInvalid, serverErrorText, showSubmitProblem } from '../../core/forms';
import { SessionService } from '../../core/session.service';
import { formatDateTime } from '../../core/time-zones';
import { Campaign, slugProblem, TrackerLink, zonedLocalToIso } from './campaign-model';
import { CampaignsApi } from './campaigns-api';

type ListState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string }
  | { readonly state: 'ready'; readonly links: readonly TrackerLink[] };

type Field =
  'label' | 'slug' | 'utmSource' | 'utmMedium' | 'utmCampaign' | 'utmContent' | 'utmTerm' | 'expiresAt';
const FIELDS: readonly Field[] = [
  'label',
  'slug',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmContent',
  'utmTerm',
  'expiresAt',
];
const UTM_FIELDS = ['utmSource', 'utmMedium', 'utmCampaign', 'utmContent', 'utmTerm'] as const;
const LABELS: Record<Field, string> = {
  label: 'Label',
  slug: 'The slug',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  utmContent: 'utm_content',
  utmTerm: 'utm_term',
  expiresAt: 'Expiry',
};
export const UTM_INPUTS: readonly {
  readonly field: (typeof UTM_FIELDS)[number];
  readonly name: string;
  readonly example: string;
}[] = [
  { field: 'utmSource', name: 'utm_source', example: 'instagram' },
  { field: 'utmMedium', name: 'utm_medium', example: 'social' },
  { field: 'utmCampaign', name: 'utm_campaign', example: 'summer-singles' },
  { field: 'utmContent', name: 'utm_content', example: 'bio-link' },
  { field: 'utmTerm', name: 'utm_term', example: '' },
];

/** The API's slug rules, as you type (the server lower-cases what it gets, so we check the lower-cased value). */
const slugRules: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const slug = typeof control.value === 'string' ? control.value.trim().toLowerCase() : '';
  if (!slug) return null;
  const problem = slugProblem(slug);
  return problem ? { slug: problem } : null;
};

const COPIED_FOR_MS = 2500;

/** The Links section of a campaign: tracker links with copy, QR codes, on/off, expiry and delete. */
@Component({
  selector: 'sl-campaign-links',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './campaign-links.html',
  styleUrl: './campaign-links.css',
})
export class CampaignLinks implements OnInit {
  readonly campaign = input.required<Campaign>();

  private readonly api = inject(CampaignsApi);
  private readonly session = inject(SessionService);
  private readonly injector = inject(Injector);
  private readonly document = inject(DOCUMENT);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected readonly utmInputs = UTM_INPUTS;
  protected readonly list = signal<ListState>({ state: 'loading' });
  protected readonly links = computed(() => {
    const list = this.list();
    return list.state === 'ready' ? list.links : [];
  });
  protected readonly listError = computed(() => {
    const list = this.list();
    return list.state === 'error' ? list.message : '';
  });
  /** Where links live, e.g. `https://soundlink.example/l/`, for the slug preview. */
  protected readonly linkBase = computed(() => {
    const first = this.links()[0];
    return first
      ? first.url.slice(0, first.url.length - first.slug.length)
      : `${this.document.location.origin}/l/`;
  });

  protected readonly form = inject(NonNullableFormBuilder).group({
    label: ['', [Validators.required, Validators.pattern(/\S/), Validators.maxLength(100)]],
    slug: ['', [slugRules]],
    utmSource: ['', [Validators.maxLength(100)]],
    utmMedium: ['', [Validators.maxLength(100)]],
    utmCampaign: ['', [Validators.maxLength(100)]],
    utmContent: ['', [Validators.maxLength(100)]],
    utmTerm: ['', [Validators.maxLength(100)]],
    expiresAt: [''],
  });
  protected readonly creating = signal(false);
  protected readonly submitted = signal(false);
  protected readonly createError = signal<string | null>(null);
  protected readonly utmOpen = signal(false);

  protected readonly copied = signal<string | null>(null);
  protected readonly copyFailed = signal<string | null>(null);
  protected readonly toggling = signal<string | null>(null);
  protected readonly confirming = signal<string | null>(null);
  protected readonly deleting = signal<string | null>(null);
  protected readonly rowError = signal<{ id: string; message: string } | null>(null);
  protected readonly announcement = signal('');

  private copiedTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.copiedTimer));
  }

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.list.set({ state: 'loading' });
    const result = await this.api.links(this.campaign().id);
    if (result.ok) {
      this.list.set({ state: 'ready', links: result.data });
    } else if (!this.session.handleExpiredSession(result.problem)) {
      this.list.set({ state: 'error', message: problemText(result.problem) });
    }
  }

  protected formatDate(iso: string): string {
    return formatDateTime(iso, this.campaign().timezone);
  }

  protected expired(link: TrackerLink): boolean {
    return !!link.expiresAt && new Date(link.expiresAt).getTime() <= Date.now();
  }

  protected utmSummary(link: TrackerLink): string {
    return Object.entries(link.utm)
      .filter(([, value]) => !!value)
      .map(([key, value]) => `utm_${key}=${value}`)
      .join(' · ');
  }

  protected pngUrl(link: TrackerLink): string {
    return `${link.qrPngUrl}?size=1024`;
  }

  // --- copy -------------------------------------------------------------------------------------------

  async copy(link: TrackerLink): Promise<void> {
    clearTimeout(this.copiedTimer);
    this.copyFailed.set(null);
    try {
      if (!navigator.clipboard) throw new Error('Clipboard unavailable');
      await navigator.clipboard.writeText(link.url);
      this.copied.set(link.id);
      this.announcement.set(`Copied ${link.url} to the clipboard.`);
      this.copiedTimer = setTimeout(() => this.copied.set(null), COPIED_FOR_MS);
    } catch {
      this.copied.set(null);
      this.copyFailed.set(link.id);
      this.host.querySelector<HTMLInputElement>(`#link-url-${link.id}`)?.select();
    }
  }

  protected selectAll(event: Event): void {
    (event.target as HTMLInputElement).select();
  }

  // --- enable / disable ---------------------------------------------------------------------------------

  async toggle(link: TrackerLink, box: HTMLInputElement): Promise<void> {
    const enabled = box.checked;
    if (this.toggling()) {
      box.checked = !enabled;
      return;
    }
    this.toggling.set(link.id);
    this.rowError.set(null);
    const result = await this.api.updateLink(link.campaignId, link.id, { enabled });
    this.toggling.set(null);
    if (result.ok) {
      this.replace(result.data);
      this.announcement.set(
        enabled
          ? `“${link.label}” is on: it redirects again.`
          : `“${link.label}” is off: it no longer redirects.`,
      );
      return;
    }
    if (this.session.handleExpiredSession(result.problem)) return;
    // Put the switch back where it was.
    box.checked = link.enabled;
    this.rowError.set({ id: link.id, message: problemText(result.problem) });
  }

  // --- delete -------------------------------------------------------------------------------------------

  protected askDelete(link: TrackerLink): void {
    this.rowError.set(null);
    this.confirming.set(link.id);
    afterNextRender(
      () => this.host.querySelector<HTMLElement>(`[data-link-id="${link.id}"] .cancel`)?.focus(),
      {
        injector: this.injector,
      },
    );
  }

  protected cancelDelete(link: TrackerLink): void {
    this.confirming.set(null);
    afterNextRender(
      () => this.host.querySelector<HTMLElement>(`[data-link-id="${link.id}"] .delete-link`)?.focus(),
      { injector: this.injector },
    );
  }

  async remove(link: TrackerLink): Promise<void> {
    if (this.deleting()) return;
    this.deleting.set(link.id);
    const result = await this.api.deleteLink(link.campaignId, link.id);
    this.deleting.set(null);
    if (result.ok || result.problem.status === 404) {
      this.confirming.set(null);
      this.list.update((list) =>
        list.state === 'ready' ? { state: 'ready', links: list.links.filter((l) => l.id !== link.id) } : list,
      );
      this.announcement.set(`Link “${link.label}” deleted.`);
      afterNextRender(() => this.host.querySelector<HTMLElement>('#links-title')?.focus(), {
        injector: this.injector,
      });
      return;
    }
    if (this.session.handleExpiredSession(result.problem)) return;
    this.rowError.set({ id: link.id, message: problemText(result.problem) });
  }

  // --- create -------------------------------------------------------------------------------------------

  protected showError(field: Field): boolean {
    const control = this.form.controls[field];
    return control.invalid && (control.dirty || control.touched || this.submitted());
  }

  protected errorText(field: Field): string {
    const control = this.form.controls[field];
    const server = serverErrorText(LABELS[field], control);
    if (server) return server;
    const errors = control.errors ?? {};
    if (field === 'label')
      return errors['maxlength']
        ? 'Keep the label to 100 characters or fewer.'
        : 'Name the channel this link is for, e.g. “Instagram bio”.';
    if (field === 'slug') return `The slug ${errors['slug'] as string}.`;
    if (field === 'expiresAt') return 'Choose a moment in the future.';
    return `Keep ${LABELS[field]} to 100 characters or fewer.`;
  }

  protected describedBy(field: Field, hint?: string): string | null {
    const ids = [hint, this.showError(field) ? `link-${field}-error` : null].filter(Boolean);
    return ids.length ? ids.join(' ') : null;
  }

  protected slugPreview(): string {
    return this.form.controls.slug.value.trim().toLowerCase();
  }

  protected onUtmToggle(event: Event): void {
    this.utmOpen.set((event.target as HTMLDetailsElement).open);
  }

  async create(): Promise<void> {
    if (this.creating()) return;
    this.submitted.set(true);
    this.createError.set(null);
    const raw = this.form.getRawValue();
    const expiresAt = raw.expiresAt ? zonedLocalToIso(raw.expiresAt, this.campaign().timezone) : null;
    const expiry = this.form.controls.expiresAt;
    if (raw.expiresAt && (!expiresAt || new Date(expiresAt).getTime() <= Date.now())) {
      expiry.setErrors({ past: true });
      expiry.markAsTouched();
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      if (UTM_FIELDS.some((f) => this.form.controls[f].invalid)) this.utmOpen.set(true);
      afterNextRender(() => focusFirstInvalid(this.host, this.form, FIELDS), { injector: this.injector });
      return;
    }
    this.creating.set(true);
    const slug = raw.slug.trim().toLowerCase();
    const utm = Object.fromEntries(
      UTM_FIELDS.map((f) => [f, raw[f].trim()] as const).filter(([, value]) => value !== ''),
    );
    const result = await this.api.createLink(this.campaign().id, {
      label: raw.label.trim(),
      ...(slug ? { slug } : {}),
      ...utm,
      enabled: true,
      ...(expiresAt ? { expiresAt } : {}),
    });
    this.creating.set(false);
    if (result.ok) {
      const link = result.data;
      this.list.update((list) =>
        list.state === 'ready'
          ? { state: 'ready', links: [...list.links, link] }
          : { state: 'ready', links: [link] },
      );
      this.form.reset();
      this.submitted.set(false);
      this.utmOpen.set(false);
      this.announcement.set(`Link “${link.label}” created: ${link.url}`);
      afterNextRender(
        () => this.host.querySelector<HTMLElement>(`[data-link-id="${link.id}"] .copy-link`)?.focus(),
        { injector: this.injector },
      );
      return;
    }
    this.showCreateProblem(result.problem);
  }

  private showCreateProblem(problem: ApiProblem): void {
    if (this.session.handleExpiredSession(problem)) return;
    const field = showSubmitProblem(
      { form: this.form, host: this.host, injector: this.injector },
      problem,
      this.createError,
      '.create-error',
    );
    if (field && (UTM_FIELDS as readonly string[]).includes(field)) this.utmOpen.set(true);
  }

  private replace(link: TrackerLink): void {
    this.list.update((list) =>
      list.state === 'ready'
        ? { state: 'ready', links: list.links.map((l) => (l.id === link.id ? link : l)) }
        : list,
    );
  }
}
