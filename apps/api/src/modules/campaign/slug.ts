import { randomBytes } from 'node:crypto';

export { slugProblem } from '@soundlink/domain';

export const GENERATED_SLUG_LENGTH = 7;

// No 0/o, 1/l/i: generated slugs are read aloud and typed from posters.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function generateSlug(length = GENERATED_SLUG_LENGTH): string {
  let slug = '';
  for (const byte of randomBytes(length * 2)) {
    if (byte < 248 - (248 % ALPHABET.length) && slug.length < length)
      slug += ALPHABET[byte % ALPHABET.length];
  }
  return slug.length === length ? slug : generateSlug(length);
}
