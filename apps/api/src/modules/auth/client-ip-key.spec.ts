import { clientIpKey } from './client-ip-key';

describe('clientIpKey', () => {
  it('keeps IPv4 addresses, also IPv4-mapped ones', () => {
    expect(clientIpKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientIpKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('groups IPv6 addresses by their /64, however they are written', () => {
    const key = clientIpKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(clientIpKey('2001:0db8:0001:0002::1')).toBe(key);
    expect(clientIpKey('2001:DB8:1:2:ffff::')).toBe(key);
    expect(clientIpKey('2001:db8:1:3::1')).not.toBe(key);
    expect(clientIpKey('::1')).toBe('0:0:0:0::/64');
    expect(clientIpKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientIpKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });

  it('keeps anything else as it is', () => {
    expect(clientIpKey('')).toBe('unknown');
    expect(clientIpKey('not-an-ip')).toBe('not-an-ip');
  });
});
