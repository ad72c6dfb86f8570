import { ChangeDetectionStrategy, Component, ElementRef, inject, Injector, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { focusFirstInvalid, serverErrorText, showSubmitProblem } from '../../core/forms';
import { DEFAULT_SIGNED_IN_URL, safeReturnUrl } from '../../core/guards';
import { PasswordField } from '../../core/password-field';
import { SessionService } from '../../core/session.service';
import { LoginApi } from './login-api';

type Field = 'email' | 'password';
const LABELS: Record<Field, string> = { email: 'Email', password: 'Password' };

@Component({
  selector: 'sl-login',
  imports: [ReactiveFormsModule, RouterLink, PasswordField],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './login.html',
  styleUrl: '../../core/auth-page.css',
})
export class Login {
  private readonly session = inject(SessionService);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  /** `?returnUrl=` from the guard that sent the visitor here. */
  protected readonly returnUrl = inject(ActivatedRoute).snapshot.queryParamMap.get('returnUrl');

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required]],
    password: ['', [Validators.required]],
  });
  protected readonly pending = signal(false);
  protected readonly submitted = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** In sandbox mode the API runs a demo: its owner's sign-in is shown here. */
  protected readonly demo = signal<{ email: string; password: string } | null>(null);

  constructor() {
    void inject(LoginApi)
      .demo()
      .then((result) => {
        const data = result.ok ? result.data : null;
        if (data?.enabled && data.email && data.password)
          this.demo.set({ email: data.email, password: data.password });
      });
  }

  protected useDemo(): void {
    const demo = this.demo();
    if (demo) this.form.setValue({ email: demo.email, password: demo.password });
  }

  protected showError(field: Field): boolean {
    const control = this.form.controls[field];
    return control.invalid && (control.touched || this.submitted());
  }

  protected errorText(field: Field): string {
    const control: AbstractControl = this.form.controls[field];
    const server = serverErrorText(LABELS[field], control);
    if (server) return server;
    return field === 'email' ? 'Enter your email address.' : 'Enter your password.';
  }

  async submit(): Promise<void> {
    if (this.pending()) return;
    this.submitted.set(true);
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host, this.form, ['email', 'password']);
      return;
    }
    this.pending.set(true);
    const { email, password } = this.form.getRawValue();
    const result = await this.session.login(email.trim(), password);
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
