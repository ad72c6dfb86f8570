import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  Injector,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { debounceTime, map } from 'rxjs';
import { ApiProblem, problemText } from '../../core/api-problem';
import { focusField, focusFirstInvalid, serverErrorText, showSubmitProblem } from '../../core/forms';
import { SessionService } from '../../core/session.service';
import { browserTimeZone, timeZoneOptions } from '../../core/time-zones';
import {
  Campaign,
  CampaignStatus,
  DEFAULT_WINDOW_HOURS,
  isoToZonedLocal,
  MAX_WINDOW_HOURS,
  MIN_CLICK_RETENTION_DAYS,
  MIN_WINDOW_HOURS,
  SandboxSample,
  SandboxSamples,
  SpotifyPreview,
  STATUS_LABELS,
  TRANSITION_HINTS,
  WINDOW_PRESETS,
  windowLabel,
  zonedLocalToIso,
} from './campaign-model';
import {
  campaignChanges,
  clickRetentionHint,
  CampaignFormValues,
  endAfterStart,
  Field,
  FIELDS,
  fieldErrorText,
  LABELS,
  newCampaign,
  notBlank,
  SANDBOX_UNKNOWN_ITEM_TEXT,
  wholeNumber,
} from './campaign-form-fields';
import { CampaignsApi, RESOLVE_DEBOUNCE_MS } from './campaigns-api';
import { DestinationSummary } from './destination-summary';
import { SamplePicker } from './sample-picker';
import { mainPlaylistOwner, samplePlaylist } from './sandbox-samples';

/** What the API said about the pasted link, kept on the control as `{problem}` so the form is invalid. */
interface DestinationProblem {
  readonly message: string;
  readonly code: string;
}

type Preview =
  | { readonly state: 'idle' }
  | { readonly state: 'checking' }
  | { readonly state: 'ok'; readonly destination: SpotifyPreview }
  | { readonly state: 'invalid'; readonly problem: DestinationProblem }
  | { readonly state: 'unavailable'; readonly message: string };

type PageState =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly message: string; readonly notFound: boolean }
  | { readonly state: 'ready' };

/** /campaigns/new and /campaigns/:id/edit. */
@Component({
  selector: 'sl-campaign-form',
  imports: [ReactiveFormsModule, RouterLink, DestinationSummary, SamplePicker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './campaign-form.html',
  styleUrl: './campaign-form.css',
})
export class CampaignForm implements OnInit {
  /** The route's `:id` (edit) — absent on /campaigns/new. */
  readonly id = input<string>();

  private readonly api = inject(CampaignsApi);
  private readonly session = inject(SessionService);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly debounceMs = inject(RESOLVE_DEBOUNCE_MS);

  private readonly ownerZone = this.session.owner()?.timezone ?? browserTimeZone() ?? 'UTC';
  protected readonly zones = timeZoneOptions(this.ownerZone);
  protected readonly presets = WINDOW_PRESETS;
  protected readonly minWindow = MIN_WINDOW_HOURS;
  protected readonly maxWindow = MAX_WINDOW_HOURS;
  protected readonly retentionHint = clickRetentionHint(this.session.owner());
  protected readonly minRetention = MIN_CLICK_RETENTION_DAYS;

  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      name: ['', [notBlank, Validators.maxLength(120)]],
      description: ['', [Validators.maxLength(2000)]],
      destination: ['', [notBlank, Validators.maxLength(500)]],
      attributionWindowHours: [
        DEFAULT_WINDOW_HOURS as number | null,
        [
          Validators.required,
          wholeNumber,
          Validators.min(MIN_WINDOW_HOURS),
          Validators.max(MAX_WINDOW_HOURS),
        ],
      ],
      clickRetentionDays: [null as number | null, [wholeNumber, Validators.min(MIN_CLICK_RETENTION_DAYS)]],
      startsAt: [''],
      endsAt: [''],
      timezone: [this.ownerZone, [Validators.required]],
      status: ['active' as CampaignStatus, [Validators.required]],
    },
    { validators: endAfterStart },
  );

  protected readonly page = signal<PageState>({ state: 'ready' });
  protected readonly campaign = signal<Campaign | null>(null);
  protected readonly editing = computed(() => !!this.id());
  protected readonly preview = signal<Preview>({ state: 'idle' });
  /** Whether the owner has connected Spotify (asked only once a playlist is pasted). */
  protected readonly spotifyConnected = signal<boolean | null>(null);
  protected readonly needsSpotify = computed(() => {
    const preview = this.preview();
    return (
      preview.state === 'ok' && preview.destination.type === 'playlist' && this.spotifyConnected() === false
    );
  });
  /** Sandbox mode only: the sample catalog (null: not sandbox mode, or not loaded). */
  protected readonly sandbox = signal<SandboxSamples | null>(null);
  /** The sample playlists the owner's connected Spotify account can read right away. */
  protected readonly readyPlaylists = computed(() =>
    (this.sandbox()?.samples ?? []).filter((s) => s.playlist?.usableByYou),
  );
  /** The sandbox user who owns the most sample playlists (the label): whom to connect as. */
  protected readonly playlistOwner = computed(() => mainPlaylistOwner(this.sandbox()));
  /** A previewed sample playlist that the connected account cannot read (its owner is someone else). */
  protected readonly notYourSample = computed(() => {
    const sandbox = this.sandbox();
    if (!sandbox?.ownerSpotify.connected) return null;
    const sample = samplePlaylist(sandbox, this.previewedPlaylist());
    return sample?.playlist && !sample.playlist.usableByYou ? sample : null;
  });
  /** The owner of the previewed sample playlist (sandbox mode), to name whom to connect as. */
  protected readonly previewedOwner = computed(
    () => samplePlaylist(this.sandbox(), this.previewedPlaylist())?.playlist?.ownerName ?? null,
  );
  /** The id of the playlist the pasted link points at, if it does. */
  private readonly previewedPlaylist = computed(() => {
    const preview = this.preview();
    return preview.state === 'ok' && preview.destination.type === 'playlist' ? preview.destination.id : null;
  });
  /** On edit: the current status and the ones it may move to. */
  protected readonly statusOptions = computed<CampaignStatus[]>(() => {
    const campaign = this.campaign();
    return campaign ? [campaign.status, ...campaign.allowedTransitions] : ['active', 'draft'];
  });
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly statusHints = TRANSITION_HINTS;

  protected readonly pending = signal(false);
  protected readonly submitted = signal(false);
  protected readonly formError = signal<string | null>(null);

  /** The link last sent to /spotify/resolve (or the saved one on edit): not asked again. */
  private lastChecked = '';
  private checkSequence = 0;

  constructor() {
    this.form.controls.destination.valueChanges
      .pipe(
        map((value) => value.trim()),
        debounceTime(this.debounceMs),
        takeUntilDestroyed(),
      )
      .subscribe((url) => void this.checkDestination(url));
  }

  ngOnInit(): void {
    const id = this.id();
    if (id) void this.load(id);
    void this.loadSamples();
  }

  /**
   * In sandbox mode (the owner's Spotify status says which mode) the API lists its sample catalog; with a
   * Spotify app configured there is none, and it isn't asked for.
   */
  private async loadSamples(): Promise<void> {
    const status = await this.api.ownerSpotify();
    if (!status.ok) return;
    this.spotifyConnected.set(status.data.connected);
    if (status.data.mode !== 'sandbox') return;
    const result = await this.api.sandboxSamples();
    if (result.ok) this.sandbox.set(result.data);
  }

  protected pickSample(sample: SandboxSample): void {
    const control = this.form.controls.destination;
    control.setValue(sample.link);
    control.markAsDirty();
  }

  async load(id: string): Promise<void> {
    this.page.set({ state: 'loading' });
    const result = await this.api.get(id);
    if (!result.ok) {
      if (this.session.handleExpiredSession(result.problem)) return;
      const notFound = result.problem.status === 404;
      this.page.set({
        state: 'error',
        notFound,
        message: notFound ? "This campaign doesn't exist, or it isn't yours." : problemText(result.problem),
      });
      return;
    }
    const campaign = result.data;
    this.campaign.set(campaign);
    this.lastChecked = campaign.destination.input.trim();
    this.form.reset({
      name: campaign.name,
      description: campaign.description,
      destination: campaign.destination.input,
      attributionWindowHours: campaign.attributionWindowHours,
      clickRetentionDays: campaign.clickRetentionDays,
      startsAt: isoToZonedLocal(campaign.startsAt, campaign.timezone),
      endsAt: isoToZonedLocal(campaign.endsAt, campaign.timezone),
      timezone: campaign.timezone,
      status: campaign.status,
    });
    const d = campaign.destination;
    this.preview.set({
      state: 'ok',
      destination: {
        type: d.type,
        id: d.id,
        uri: d.uri,
        name: d.name ?? d.uri,
        imageUrl: d.imageUrl,
        ownerName: d.ownerName ?? undefined,
        trackCount: d.trackCount,
      },
    });
    this.page.set({ state: 'ready' });
  }

  /** Asks the API what a pasted link points at, and shows it (or why it can't be used) before saving. */
  private async checkDestination(url: string): Promise<void> {
    if (url === this.lastChecked) return;
    this.lastChecked = url;
    const sequence = ++this.checkSequence;
    if (!url) {
      this.preview.set({ state: 'idle' });
      return;
    }
    this.preview.set({ state: 'checking' });
    const result = await this.api.resolve(url);
    const control = this.form.controls.destination;
    if (sequence !== this.checkSequence || control.value.trim() !== url) return;
    if (result.ok) {
      this.preview.set({ state: 'ok', destination: result.data });
      if (result.data.type === 'playlist') void this.checkSpotifyAccount();
      return;
    }
    const { problem } = result;
    if (problem.status === 422 || problem.status === 400) {
      const destinationProblem = { message: problem.message, code: problem.code };
      this.preview.set({ state: 'invalid', problem: destinationProblem });
      control.setErrors({ ...control.errors, problem: destinationProblem });
      control.markAsTouched();
    } else {
      // Spotify unreachable: saving still works (the campaign waits as a draft until Spotify answers).
      this.preview.set({ state: 'unavailable', message: problemText(problem) });
    }
  }

  private async checkSpotifyAccount(): Promise<void> {
    if (this.spotifyConnected() !== null) return;
    const result = await this.api.ownerSpotify();
    if (result.ok) this.spotifyConnected.set(result.data.connected);
  }

  protected setWindow(hours: number): void {
    const control = this.form.controls.attributionWindowHours;
    control.setValue(hours);
    control.markAsDirty();
  }

  protected windowText(): string {
    const hours = Number(this.form.controls.attributionWindowHours.value);
    return this.form.controls.attributionWindowHours.valid ? windowLabel(hours) : '';
  }

  protected showError(field: Field): boolean {
    const control = this.form.controls[field];
    const invalid = control.invalid || (field === 'endsAt' && this.form.hasError('dateOrder'));
    return invalid && (control.dirty || control.touched || this.submitted());
  }

  protected destinationProblem(): DestinationProblem | null {
    return (this.form.controls.destination.errors?.['problem'] as DestinationProblem | undefined) ?? null;
  }

  protected errorText(field: Field): string {
    const control = this.form.controls[field];
    const problem = field === 'destination' ? this.destinationProblem() : null;
    if (problem) return problem.code === 'SandboxUnknownItem' ? SANDBOX_UNKNOWN_ITEM_TEXT : problem.message;
    const server = serverErrorText(LABELS[field], control);
    if (server) return server;
    return fieldErrorText(field, control.errors ?? {});
  }

  protected describedBy(field: Field, hint?: string): string | null {
    const ids = [hint, this.showError(field) ? `campaign-${field}-error` : null].filter(Boolean);
    return ids.length ? ids.join(' ') : null;
  }

  async save(): Promise<void> {
    if (this.pending()) return;
    this.submitted.set(true);
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      if (FIELDS.some((field) => this.form.controls[field].invalid))
        focusFirstInvalid(this.host, this.form, FIELDS);
      else focusField(this.host, 'endsAt');
      return;
    }
    this.pending.set(true);
    const campaign = this.campaign();
    const result = campaign ? await this.update(campaign) : await this.create();
    this.pending.set(false);
    if (result === null) return;
    if (result.ok) {
      await this.router.navigate(['/campaigns', result.data.id]);
      return;
    }
    this.showProblem(result.problem);
  }

  private values(): CampaignFormValues {
    const raw = this.form.getRawValue();
    return {
      name: raw.name.trim(),
      description: raw.description.trim(),
      destination: raw.destination.trim(),
      attributionWindowHours: Number(raw.attributionWindowHours),
      clickRetentionDays:
        raw.clickRetentionDays === null || `${raw.clickRetentionDays}` === ''
          ? null
          : Number(raw.clickRetentionDays),
      startsAt: zonedLocalToIso(raw.startsAt, raw.timezone),
      endsAt: zonedLocalToIso(raw.endsAt, raw.timezone),
      timezone: raw.timezone,
      status: raw.status,
    };
  }

  private create() {
    return this.api.create(newCampaign(this.values()));
  }

  /** Sends only what changed; with nothing changed it just goes back to the campaign. */
  private async update(campaign: Campaign) {
    const changes = campaignChanges(this.values(), campaign);
    if (Object.keys(changes).length === 0) {
      await this.router.navigate(['/campaigns', campaign.id]);
      return null;
    }
    return this.api.update(campaign.id, changes);
  }

  private showProblem(problem: ApiProblem): void {
    if (this.session.handleExpiredSession(problem)) return;
    if (problem.status === 422) {
      // An unusable destination: the API's sentence says why, next to the link field.
      const control = this.form.controls.destination;
      const destinationProblem = { message: problem.message, code: problem.code };
      this.preview.set({ state: 'invalid', problem: destinationProblem });
      control.setErrors({ ...control.errors, problem: destinationProblem });
      control.markAsTouched();
      afterNextRender(() => focusField(this.host, 'destination'), { injector: this.injector });
      return;
    }
    showSubmitProblem(
      { form: this.form, host: this.host, injector: this.injector },
      problem,
      this.formError,
      '.form-error',
    );
  }
}
