import { ChangeDetectionStrategy, Component, ElementRef, inject, Injector, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { focusFirstInvalid, serverErrorText, showSubmitProblem } from '../../core/forms';
import { SessionService } from '../../core/session.service';
import { timeZoneOptions } from '../../core/time-zones';

type Field = 'displayName' | 'timezone' | 'clickRetentionDays';
const LABELS: Record<Field, string> = {
  displayName: 'Name',
  timezone: 'Time zone',
  clickRetentionDays: 'Keep raw clicks',
};
/** The shortest click retention the API takes (the longest attribution window plus 30 days). */
const MIN_RETENTION_DAYS = 120;

@Component({
  selector: 'sl-profile-settings',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="sl-card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <p class="sl-muted signed-in-as">
        Signed in as <strong>{{ email }}</strong>
      </p>
      <form class="sl-form profile-form" [formGroup]="form" (ngSubmit)="save()" novalidate>
        <div class="sl-field">
          <label class="sl-label" for="profile-name">Name</label>
          <input
            id="profile-name"
            class="sl-input"
            type="text"
            formControlName="displayName"
            autocomplete="name"
            maxlength="100"
            [attr.aria-invalid]="showError('displayName') ? 'true' : null"
            [attr.aria-describedby]="showError('displayName') ? 'profile-name-error' : null"
          />
          @if (showError('displayName')) {
            <p class="sl-field-error" id="profile-name-error">{{ errorText('displayName') }}</p>
          }
        </div>
        <div class="sl-field">
          <label class="sl-label" for="profile-timezone">Time zone</label>
          <select
            id="profile-timezone"
            class="sl-select"
            formControlName="timezone"
            [attr.aria-invalid]="showError('timezone') ? 'true' : null"
            [attr.aria-describedby]="
              'profile-timezone-hint' + (showError('timezone') ? ' profile-timezone-error' : '')
            "
          >
            @for (zone of zones; track zone) {
              <option [value]="zone">{{ zone }}</option>
            }
          </select>
          <p class="sl-hint" id="profile-timezone-hint">
            Daily reports start and end at midnight in this zone.
          </p>
          @if (showError('timezone')) {
            <p class="sl-field-error" id="profile-timezone-error">{{ errorText('timezone') }}</p>
          }
        </div>
        <div class="sl-field">
          <label class="sl-label" for="profile-retention"
            >Keep raw clicks (days) <span class="sl-label__optional">(optional)</span></label
          >
          <input
            id="profile-retention"
            class="sl-input retention-input"
            type="number"
            inputmode="numeric"
            step="1"
            [min]="limits?.minClickRetentionDays ?? minRetention"
            [max]="limits?.maxClickRetentionDays ?? null"
            formControlName="clickRetentionDays"
            [attr.aria-invalid]="showError('clickRetentionDays') ? 'true' : null"
            [attr.aria-describedby]="
              'profile-retention-hint' + (showError('clickRetentionDays') ? ' profile-retention-error' : '')
            "
          />
          <p class="sl-hint" id="profile-retention-hint">{{ retentionHint }}</p>
          @if (showError('clickRetentionDays')) {
            <p class="sl-field-error" id="profile-retention-error">{{ errorText('clickRetentionDays') }}</p>
          }
        </div>
        <div class="profile-form__actions">
          <button class="sl-button" type="submit" [disabled]="pending()">
            {{ pending() ? 'Saving…' : 'Save profile' }}
          </button>
          <p class="profile-form__status" aria-live="polite" aria-atomic="true">
            @if (saved() && form.pristine) {
              <span class="sl-badge sl-badge--success">Profile saved</span>
            }
          </p>
        </div>
        <div aria-live="assertive" aria-atomic="true">
          @if (formError(); as message) {
            <p class="sl-alert" tabindex="-1">{{ message }}</p>
          }
        </div>
      </form>
    </section>
  `,
  styles: `
    .signed-in-as {
      overflow-wrap: anywhere;
    }
    .profile-form {
      max-width: 32rem;
    }
    .profile-form__actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--sl-space-4);
    }
    .retention-input {
      max-width: 10rem;
    }
    .profile-form__status {
      margin: 0;
    }
  `,
})
export class ProfileSettings {
  private readonly session = inject(SessionService);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly owner = this.session.owner();

  protected readonly email = this.owner?.email ?? '';
  protected readonly zones = timeZoneOptions(this.owner?.timezone);
  protected readonly form = inject(NonNullableFormBuilder).group({
    displayName: [this.owner?.displayName ?? '', [Validators.required, Validators.maxLength(100)]],
    timezone: [this.owner?.timezone ?? 'UTC', [Validators.required]],
    clickRetentionDays: [
      this.owner?.clickRetentionDays ?? (null as number | null),
      [Validators.min(MIN_RETENTION_DAYS), Validators.pattern(/^\d*$/)],
    ],
  });
  protected readonly minRetention = MIN_RETENTION_DAYS;
  protected readonly limits = this.owner?.dataRetention;
  protected readonly retentionHint = this.limits
    ? `How long your campaigns' raw clicks are kept, unless a campaign sets its own; empty: this server's maximum, ${this.limits.maxClickRetentionDays} days. Between ${this.limits.minClickRetentionDays} and ${this.limits.maxClickRetentionDays} days. The figures keep counting removed clicks; hashed IPs and user agents are cleared after ${this.limits.clickPiiRetentionDays} days.`
    : "How long your campaigns' raw clicks are kept, unless a campaign sets its own; empty: this server's maximum.";
  protected readonly pending = signal(false);
  protected readonly submitted = signal(false);
  protected readonly saved = signal(false);
  protected readonly formError = signal<string | null>(null);

  protected showError(field: Field): boolean {
    const control = this.form.controls[field];
    return control.invalid && (control.touched || this.submitted());
  }

  protected errorText(field: Field): string {
    const control = this.form.controls[field];
    const server = serverErrorText(LABELS[field], control);
    if (server) return server;
    if (field === 'timezone') return 'Choose a time zone.';
    if (field === 'clickRetentionDays')
      return this.limits
        ? `Enter a whole number of days between ${this.limits.minClickRetentionDays} and ${this.limits.maxClickRetentionDays}, or leave it empty.`
        : `Enter a whole number of days, at least ${MIN_RETENTION_DAYS}, or leave it empty.`;
    return control.errors?.['required']
      ? 'Enter the name Soundlink should show.'
      : 'Keep your name to 100 characters or fewer.';
  }

  async save(): Promise<void> {
    if (this.pending()) return;
    this.submitted.set(true);
    this.saved.set(false);
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host, this.form, ['displayName', 'timezone', 'clickRetentionDays']);
      return;
    }
    this.pending.set(true);
    const { displayName, timezone, clickRetentionDays } = this.form.getRawValue();
    const days =
      clickRetentionDays === null || `${clickRetentionDays}` === '' ? null : Number(clickRetentionDays);
    const result = await this.session.updateProfile({
      displayName: displayName.trim(),
      timezone,
      clickRetentionDays: days,
    });
    this.pending.set(false);
    if (result.ok) {
      this.form.setValue({
        displayName: result.data.displayName,
        timezone: result.data.timezone,
        clickRetentionDays: result.data.clickRetentionDays,
      });
      this.form.markAsPristine();
      this.saved.set(true);
      return;
    }
    if (this.session.handleExpiredSession(result.problem)) return;
    showSubmitProblem(
      { form: this.form, host: this.host, injector: this.injector },
      result.problem,
      this.formError,
      '.sl-alert',
    );
  }
}
