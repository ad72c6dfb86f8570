import { hash, verify, Algorithm } from '@node-rs/argon2';
import { passwordProblems as domainPasswordProblems } from '@soundlink/domain';
import type { ErrorDetailDto } from '../../common/errors/api-error';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane).
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@soundlink/domain';

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

/** Why a password is too weak, as field reasons; empty when it is acceptable (rules: libs/domain). */
export function passwordProblems(password: string, email: string): ErrorDetailDto[] {
  return domainPasswordProblems(password, email).map((reason) => ({ field: 'password', reason }));
}
