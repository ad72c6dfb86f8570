import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

// The same rules the API applies (apps/api/src/modules/auth/password.ts); the API stays the authority and
// its WeakPassword answer is shown next to the field if the two ever disagree.
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

const COMMON = new Set([
  'password',
  'password1',
  'password123',
  '1234567890',
  '12345678910',
  'qwertyuiop',
  'iloveyou123',
  'letmein123',
  'welcome123',
  'spotify123',
  'soundlink1',
  'passw0rd123',
  'abcdefghij',
  'aaaaaaaaaa',
]);

export interface PasswordRule {
  readonly id: 'length' | 'variety' | 'common' | 'email';
  readonly label: string;
  readonly met: boolean;
}

/** The rules a new password must meet, each with whether `password` meets it, in display order. */
export function passwordRules(password: string, email: string): PasswordRule[] {
  const lower = password.toLowerCase();
  const local = email.split('@')[0]?.trim().toLowerCase() ?? '';
  return [
    {
      id: 'length',
      label: `At least ${PASSWORD_MIN_LENGTH} characters`,
      met: password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH,
    },
    { id: 'variety', label: 'At least 4 different characters', met: new Set(lower).size >= 4 },
    { id: 'common', label: 'Not a common password like “password123”', met: !COMMON.has(lower) },
    {
      id: 'email',
      label: 'Does not contain the name part of your email',
      met: !(local.length >= 4 && lower.includes(local)),
    },
  ];
}

/** Validator for a new-password control; reads the sibling `email` control of its form group. */
export const newPasswordValidator: ValidatorFn = (control: AbstractControl): ValidationErrors | null => {
  const password = typeof control.value === 'string' ? control.value : '';
  if (!password) return { required: true };
  if (password.length > PASSWORD_MAX_LENGTH) return { maxlength: true };
  const email = control.parent?.get('email')?.value;
  const unmet = passwordRules(password, typeof email === 'string' ? email : '').filter((rule) => !rule.met);
  return unmet.length ? { weak: unmet.map((rule) => rule.id) } : null;
};
