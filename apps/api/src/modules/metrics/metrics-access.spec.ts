import { isLoopback, metricsAccess } from './metrics-access';

describe('metricsAccess', () => {
  it('without a token, answers loopback peers only', () => {
    for (const peer of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      expect(metricsAccess(peer, undefined, undefined)).toBe('allowed');
    for (const peer of ['192.0.2.2', '10.0.0.1', '::ffff:10.0.0.1', 'fe80::1', '', undefined])
      expect(metricsAccess(peer, undefined, undefined)).toBe('not-loopback');
  });

  it('with a token, answers the token only, from anywhere', () => {
    const token = 'a-metrics-token-0123456789';
    expect(metricsAccess('192.0.2.2', `Bearer ${token}`, token)).toBe('allowed');
    expect(metricsAccess('127.0.0.1', `bearer  ${token}`, token)).toBe('allowed');
    expect(metricsAccess('127.0.0.1', undefined, token)).toBe('needs-token');
    expect(metricsAccess('127.0.0.1', token, token)).toBe('needs-token');
    expect(metricsAccess('192.0.2.2', `Bearer ${token}0`, token)).toBe('needs-token');
    expect(metricsAccess('192.0.2.2', 'Bearer ', token)).toBe('needs-token');
  });

  it('knows loopback addresses', () => {
    expect(isLoopback('127.255.255.254')).toBe(true);
    expect(isLoopback('128.0.0.1')).toBe(false);
    expect(isLoopback('::2')).toBe(false);
  });
});
