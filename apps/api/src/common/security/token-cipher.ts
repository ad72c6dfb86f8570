import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (Spotify tokens). The stored form is
 * `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url), where the key id is a short fingerprint of the key,
 * so a rotated key can be told apart and the previous one still used to read old values.
 */
export class TokenCipher {
  private readonly keys: Map<string, Buffer>;
  private readonly currentId: string;

  constructor(current: Buffer, previous: Buffer[] = []) {
    if (current.length !== 32) throw new Error('The encryption key must be 32 bytes');
    this.currentId = keyId(current);
    this.keys = new Map([current, ...previous].map((key) => [keyId(key), key]));
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId) as Buffer, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.currentId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  decrypt(stored: string): string {
    const [version, id, iv, tag, ciphertext] = stored.split('.');
    const key = this.keys.get(id ?? '');
    if (version !== 'v1' || !key || !iv || !tag || ciphertext === undefined) {
      throw new Error(
        'Cannot decrypt: unknown format or key (was ENCRYPTION_KEY changed without keeping the old one?)',
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

/** The short fingerprint of a key that its encrypted values carry (`v1.<key id>.…`). */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}
