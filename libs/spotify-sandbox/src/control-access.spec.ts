import type { IncomingMessage } from 'node:http';
import { controlAllowed, isLoopbackAddress, isPublicControlRoute } from './control-access';

const req = (remoteAddress: string | undefined, headers: Record<string, string> = {}) =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('control API access', () => {
  it('knows loopback addresses, IPv4-mapped ones included, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(a)).toBe(true);
    for (const a of [
      '192.0.2.2',
      '10.0.0.1',
      '::ffff:10.0.0.1',
      'fd00::2',
      '::',
      '0.0.0.0',
      '127.0.0.1.evil',
      undefined,
    ]) {
      expect(isLoopbackAddress(a)).toBe(false);
    }
  });

  it('admits loopback peers without forwarding headers, token holders, or everyone when allow is any', () => {
    expect(controlAllowed(req('127.0.0.1'))).toBe(true);
    expect(controlAllowed(req('203.0.113.9'))).toBe(false);
    expect(controlAllowed(req('203.0.113.9', { 'x-forwarded-for': '127.0.0.1' }))).toBe(false);
    expect(controlAllowed(req('127.0.0.1', { 'x-forwarded-for': '127.0.0.1' }))).toBe(false);
    expect(controlAllowed(req('127.0.0.1', { 'x-real-ip': '127.0.0.1' }))).toBe(false);
    expect(
      controlAllowed(req('203.0.113.9', { authorization: 'Bearer s3cret-token' }), { token: 's3cret-token' }),
    ).toBe(true);
    expect(
      controlAllowed(req('203.0.113.9', { authorization: 'Bearer wrong' }), { token: 's3cret-token' }),
    ).toBe(false);
    expect(controlAllowed(req('203.0.113.9'), { allow: 'any' })).toBe(true);
  });

  it('leaves the description, the catalog, its samples and cover images public, and only for reading', () => {
    expect(isPublicControlRoute('GET', 'catalog')).toBe(true);
    expect(isPublicControlRoute('GET', 'samples')).toBe(true);
    expect(isPublicControlRoute('GET', 'images/abc/64.svg')).toBe(true);
    expect(isPublicControlRoute('GET', '')).toBe(true);
    expect(isPublicControlRoute('POST', 'catalog')).toBe(false);
    for (const route of [
      'reset',
      'clock',
      'faults',
      'tokens',
      'calls',
      'config',
      'users/x/history',
      'play',
    ]) {
      expect(isPublicControlRoute('GET', route)).toBe(false);
    }
  });
});
