import { ChangeDetectionStrategy, Component, ElementRef, inject, Injector, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { passwordRules } from '@soundlink/domain';
import { focusFirstInvalid, serverErrorText, showSubmitProblem } from '../../core/forms';
import { PasswordField } from '../../core/password-field';
import { PASSWORD_MAX_LENGTH } from '../../core/password-rules';
import { ResetPasswordApi } from './reset-password-api';

/**
 * The page of a password reset link an administrator issued (`/reset-password?token=…`): choose a new
 * password; the link works once, and every session of the account ends.
 */
@Component({
  selector: 'sl-reset-password',
  imports: [ReactiveFormsModule, RouterLink, PasswordField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styleUrl: '../../core/auth-page.css',
  template: `
    <section class="sl-container auth-page" aria-labelledby="reset-title">
      <div class="sl-card auth-card">
        <h1 id="reset-title">Choose a new password</h1>
        @if (done()) {
          <p class="auth-card__lead" role="status">
            Your password is changed and you are signed out everywhere.
          </p>
          <a class="sl-button" routerLink="/login">Sign in</a>
        } @else if (!token) {
          <p class="sl-alert" role="alert">
            This page needs the reset link your administrator gave you. Ask them for a new one.
          </p>
        } @else {
          <p class="auth-card__lead">
            Your administrator sent you this link. It works once; afterwards you sign in with the new
            password.
          </p>
          <div class="form-error-slot" aria-live="assertive" aria-atomic="true">
            @if (formError(); as message) {
              <p class="sl-alert reset-alert" tabindex="-1">{{ message }}</p>
            }
          </div>
          <form class="sl-form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <div
              class="sl-field"
              slPasswordField
              name="password"
              fieldId="reset-new-password"
              label="New password"
              autocomplete="new-password"
              [maxLength]="maxLength"
              [invalid]="showError()"
              [error]="errorText()"
              [rules]="rules()"
            ></div>
            <button class="sl-button" type="submit" [disabled]="pending()">
              {{ pending() ? 'Saving…' : 'Set new password' }}
            </button>
          </form>
        }
      </div>
    </section>
  `,
})
export class ResetPassword {
  private readonly api = inject(ResetPasswordApi);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  protected readonly token = inject(ActivatedRoute).snapshot.queryParamMap.get('token') ?? '';
  protected readonly maxLength = PASSWORD_MAX_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    password: [
      '',
      [
        Validators.required,
        (control: { value: string }) =>
          passwordRules(control.value ?? '', '').every((rule) => rule.met) ? null : { weak: true },
      ],
    ],
  });
  protected readonly rules = signal(passwordRules('', ''));
  protected readonly pending = signal(false);
  protected readonly submitted = signal(false);
  protected readonly done = signal(false);
  protected readonly formError = signal<string | null>(null);

  constructor() {
    this.form.controls.password.valueChanges.subscribe((value) => this.rules.set(passwordRules(value, '')));
  }

  protected showError(): boolean {
    const control = this.form.controls.password;
    return control.invalid && (control.touched || this.submitted());
  }

  protected errorText(): string {
    const control = this.form.controls.password;
    return (
      serverErrorText('Password', control) ??
      (control.errors?.['required']
        ? 'Choose a new password.'
        : 'The new password does not meet every rule above yet.')
    );
  }

  async submit(): Promise<void> {
    if (this.pending()) return;
    this.submitted.set(true);
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host, this.form, ['password']);
      return;
    }
    this.pending.set(true);
    const result = await this.api.reset(this.token, this.form.getRawValue().password);
    this.pending.set(false);
    if (result.ok) {
      this.done.set(true);
      return;
    }
    showSubmitProblem(
      { form: this.form, host: this.host, injector: this.injector },
      result.problem,
      this.formError,
      '.reset-alert',
    );
  }
}
