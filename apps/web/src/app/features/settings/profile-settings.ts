import { ChangeDetectionStrategy, Component, ElementRef, inject, Injector, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { focusFirstInvalid, serverErrorText, showSubmitProblem } from '../../core/forms';
import { SessionService } from '../../core/session.service';
import { timeZoneOptions } from '../../core/time-zones';

type Field = 'displayName' | 'timezone';
const LABELS: Record<Field, string> = { displayName: 'Name', timezone: 'Time zone' };

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
  });
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
      focusFirstInvalid(this.host, this.form, ['displayName', 'timezone']);
      return;
    }
    this.pending.set(true);
    const { displayName, timezone } = this.form.getRawValue();
    const result = await this.session.updateProfile({ displayName: displayName.trim(), timezone });
    this.pending.set(false);
    if (result.ok) {
      this.form.setValue({ displayName: result.data.displayName, timezone: result.data.timezone });
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
