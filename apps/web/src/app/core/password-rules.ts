import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { PASSWORD_MAX_LENGTH, passwordRules } from '@soundlink/domain';

// The rules live once in libs/domain (the API enforces the same ones); the API stays the authority and its
// WeakPassword answer is shown next to the field if the two ever disagree.
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordRules } from '@soundlink/domain';
export type { PasswordRule } from '@soundlink/domain';

/** Validator for a new-password control; reads the sibling `email` control of its form group. */
export const newPasswordValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const password = typeof control.value === 'string' ? control.value : '';
  if (!password) return { required: true };
  if (password.length > PASSWORD_MAX_LENGTH) return { maxlength: true };
  const email = control.parent?.get('email')?.value;
  const unmet = passwordRules(password, typeof email === 'string' ? email : '').filter((rule) => !rule.met);
  return unmet.length ? { weak: unmet.map((rule) => rule.id) } : null;
};
