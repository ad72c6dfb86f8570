/**
 * Owner password rules, shared by the API (which enforces them on register, password change and reset) and
 * the SPA (which shows them as you type). The API stays the authority: its WeakPassword answer names the
 * field and the reason.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

const COMMON: ReadonlySet<string> = new Set([
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
  /** What the rule asks, for a checklist. */
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

/** Why a password is too weak, as reasons for the `password` field ("must be …"); empty when acceptable. */
export function passwordProblems(password: string, email: string): string[] {
  const reasons: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH)
    reasons.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (password.length > PASSWORD_MAX_LENGTH)
    reasons.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  const rules = passwordRules(password, email);
  const unmet = (id: PasswordRule['id']) => !rules.find((rule) => rule.id === id)?.met;
  if (unmet('common')) reasons.push('is one of the most common passwords');
  else if (unmet('variety')) reasons.push('must use at least 4 different characters');
  if (unmet('email')) reasons.push('must not contain your email address');
  return reasons;
}
