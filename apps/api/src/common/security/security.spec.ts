import { randomBytes } from 'node:crypto';
import { signToken, verifyToken } from './signed-token';
import { TokenCipher } from './token-cipher';

describe('TokenCipher (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('round-trips and never stores the plaintext', () => {
    const cipher = new TokenCipher(key);
    const stored = cipher.encrypt('BQD-access-token');
    expect(stored).not.toContain('BQD');
    expect(stored.startsWith('v1.')).toBe(true);
    expect(cipher.decrypt(stored)).toBe('BQD-access-token');
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('refuses a tampered value', () => {
    const cipher = new TokenCipher(key);
    const parts = cipher.encrypt('secret').split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
  });

  it('reads values written with the previous key after a rotation', () => {
    const old = new TokenCipher(key);
    const stored = old.encrypt('written before rotation');
    const rotated = new TokenCipher(randomBytes(32), [key]);
    expect(rotated.decrypt(stored)).toBe('written before rotation');
    expect(() => new TokenCipher(randomBytes(32)).decrypt(stored)).toThrow(/unknown format or key/);
  });
});

describe('signed tokens', () => {
  const secret = randomBytes(32);

  it('verifies its own tokens until they expire', () => {
    const token = signToken({ sub: 'owner-1', exp: 1_000 }, secret);
    expect(verifyToken(token, secret, 999_000)).toEqual({ sub: 'owner-1', exp: 1_000 });
    expect(verifyToken(token, secret, 1_000_000)).toBeUndefined();
  });

  it('refuses a token signed with another secret or with a changed payload', () => {
    const token = signToken({ sub: 'owner-1' }, secret);
    expect(verifyToken(token, randomBytes(32))).toBeUndefined();
    const [header, , signature] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url')}.${signature}`;
    expect(verifyToken(forged, secret)).toBeUndefined();
  });
});
