import { hash, verify, Algorithm } from '@node-rs/argon2';
import type { ErrorDetailDto } from '../../common/errors/api-error';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane).
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

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

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random string, verified against when the email is unknown so both answers take as long. */
export const DUMMY_HASH = hash('soundlink-timing-equaliser', OPTIONS);

/** Why a password is too weak, as field reasons; empty when it is acceptable. */
export function passwordProblems(password: string, email: string): ErrorDetailDto[] {
  const reasons: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH)
    reasons.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (password.length > PASSWORD_MAX_LENGTH)
    reasons.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) reasons.push('is one of the most common passwords');
  else if (new Set(lower).size < 4) reasons.push('must use at least 4 different characters');
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local)) reasons.push('must not contain your email address');
  return reasons.map((reason) => ({ field: 'password', reason }));
}
