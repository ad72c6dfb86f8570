import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  inject,
  Injector,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import {
  emailFormatValidator,
  focusFirstInvalid,
  serverErrorText,
  showSubmitProblem,
} from '../../core/forms';
import { DEFAULT_SIGNED_IN_URL, safeReturnUrl } from '../../core/guards';
import { PasswordField } from '../../core/password-field';
import { newPasswordValidator, PASSWORD_MAX_LENGTH, passwordRules } from '../../core/password-rules';
import { SessionService } from '../../core/session.service';
import { browserTimeZone } from '../../core/time-zones';

type Field = 'displayName' | 'email' | 'password';
const LABELS: Record<Field, string> = { displayName: 'Name', email: 'Email', password: 'Password' };
const ORDER: readonly Field[] = ['displayName', 'email', 'password'];

@Component({
  selector: 'sl-register',
  imports: [ReactiveFormsModule, RouterLink, PasswordField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './register.html',
  styleUrl: '../../core/auth-page.css',
})
export class Register {
  private readonly session = inject(SessionService);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  /** `?returnUrl=` from the guard that sent the visitor here. */
  protected readonly returnUrl = inject(ActivatedRoute).snapshot.queryParamMap.get('returnUrl');

  protected readonly form = inject(NonNullableFormBuilder).group({
    displayName: ['', [Validators.maxLength(100)]],
    email: ['', [Validators.required, emailFormatValidator, Validators.maxLength(254)]],
    password: ['', [newPasswordValidator]],
  });
  protected readonly pending = signal(false);
  protected readonly submitted = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** Reports are in the owner's time zone; the browser's is a good first guess (changeable in Settings). */
  protected readonly timeZone = browserTimeZone();
  protected readonly passwordMaxLength = PASSWORD_MAX_LENGTH;

  constructor() {
    // The password may not contain the email's name part: re-check it whenever the email changes.
    this.form.controls.email.valueChanges
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe(() => this.form.controls.password.updateValueAndValidity({ emitEvent: false }));
  }

  protected rules() {
    const { email, password } = this.form.getRawValue();
    return passwordRules(password, email);
  }

  protected showError(field: Field): boolean {
    const control = this.form.controls[field];
    return control.invalid && (control.touched || this.submitted());
  }

  protected errorText(field: Field): string {
    const control = this.form.controls[field];
    const server = serverErrorText(LABELS[field], control);
    if (server) return server;
    const errors = control.errors ?? {};
    switch (field) {
      case 'displayName':
        return 'Keep your name to 100 characters or fewer.';
      case 'email':
        if (errors['required']) return 'Enter your email address.';
        if (errors['maxlength']) return 'That email address is too long.';
        return 'Enter an email address like name@example.com.';
      case 'password':
        if (errors['required']) return 'Choose a password.';
        if (errors['maxlength']) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
        return 'Choose a password that meets every rule below.';
    }
  }

  async submit(): Promise<void> {
    if (this.pending()) return;
    this.submitted.set(true);
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host, this.form, ORDER);
      return;
    }
    this.pending.set(true);
    const { displayName, email, password } = this.form.getRawValue();
    const result = await this.session.register({
      email: email.trim(),
      password,
      ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      ...(this.timeZone ? { timezone: this.timeZone } : {}),
    });
    this.pending.set(false);
    if (result.ok) {
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl) ?? DEFAULT_SIGNED_IN_URL);
      return;
    }
    showSubmitProblem(
      { form: this.form, host: this.host, injector: this.injector },
      result.problem,
      this.formError,
      '.sl-alert',
    );
  }
}
