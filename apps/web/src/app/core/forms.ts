import { afterNextRender, Injector, WritableSignal } from '@angular/core';
import { AbstractControl, FormGroup, ValidationErrors, ValidatorFn } from '@angular/forms';
import { ApiProblem, ProblemDetail, problemText } from './api-problem';

/**
 * Email format close to the API's (`IsEmail`: a local part, an @ and a domain with a dot), so what the
 * form accepts the API accepts too.
 */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export const emailFormatValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const value = typeof control.value === 'string' ? control.value.trim() : '';
  return value && !EMAIL.test(value) ? { email: true } : null;
};

/**
 * Puts the API's field reasons (`details`) on the matching controls as a `server` error, e.g.
 * `{ field: 'email', reason: 'is already registered' }`. The error goes away as soon as the value changes.
 * Returns the details that matched no control (to show at form level) and the first field that did.
 */
export function applyServerErrors(
  form: FormGroup,
  details: readonly ProblemDetail[],
): { unmatched: ProblemDetail[]; firstField: string | null } {
  const unmatched: ProblemDetail[] = [];
  let firstField: string | null = null;
  const reasons = new Map<string, string[]>();
  for (const detail of details) {
    if (form.get(detail.field)) {
      reasons.set(detail.field, [...(reasons.get(detail.field) ?? []), detail.reason]);
      firstField ??= detail.field;
    } else {
      unmatched.push(detail);
    }
  }
  for (const [field, fieldReasons] of reasons) {
    const control = form.get(field);
    control?.setErrors({ ...control.errors, server: fieldReasons });
    control?.markAsTouched();
  }
  return { unmatched, firstField };
}

/** "Email is already registered." from the field's label and the API's reason. */
export function serverErrorText(label: string, control: AbstractControl): string | null {
  const reasons = control.errors?.['server'] as string[] | undefined;
  if (!reasons?.length) return null;
  return reasons.map((reason) => `${label} ${reason}.`).join(' ');
}

/** Focuses the first invalid control of a form rendered inside `host` (by `formControlName`). */
export function focusFirstInvalid(host: HTMLElement, form: FormGroup, order: readonly string[]): void {
  const field = order.find((name) => form.get(name)?.invalid);
  if (field) focusField(host, field);
}

export function focusField(host: HTMLElement, field: string): void {
  host.querySelector<HTMLElement>(`[formControlName="${field}"]`)?.focus();
}

/** A form component as the submit-problem helper needs it. */
export interface FormView {
  readonly form: FormGroup;
  readonly host: HTMLElement;
  readonly injector: Injector;
}

/**
 * Shows a refused submit. When every reason names a field, the reasons go on their controls and focus
 * moves to the first (returned, so a caller can first reveal a collapsed section holding it); otherwise
 * the problem's text goes to `formError` and focus to the element matching `errorSelector`, if given.
 */
export function showSubmitProblem(
  view: FormView,
  problem: ApiProblem,
  formError: WritableSignal<string | null>,
  errorSelector?: string,
): string | null {
  const { unmatched, firstField } = applyServerErrors(view.form, problem.details);
  if (firstField && unmatched.length === 0) {
    afterNextRender(() => focusField(view.host, firstField), { injector: view.injector });
    return firstField;
  }
  formError.set(problemText(problem));
  if (errorSelector) {
    afterNextRender(() => view.host.querySelector<HTMLElement>(errorSelector)?.focus(), {
      injector: view.injector,
    });
  }
  return null;
}
