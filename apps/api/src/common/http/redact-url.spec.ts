import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('hides the values of OAuth and token parameters, whatever their case or encoding', () => {
    expect(redactUrl('/cb?code=abc&state=def&utm_source=news')).toBe(
      '/cb?code=[REDACTED]&state=[REDACTED]&utm_source=news',
    );
    expect(redactUrl('/x?Access_Token=1&refresh_token=2&%74oken=3&id_token=4&client_secret=5')).toBe(
      '/x?Access_Token=[REDACTED]&refresh_token=[REDACTED]&%74oken=[REDACTED]&id_token=[REDACTED]&client_secret=[REDACTED]',
    );
  });

  it('keeps URLs without secrets as they are, and never throws', () => {
    for (const url of ['/plain', '/a?b=1&c', '/a?%E0%A4%A=1', '/a?', '', undefined])
      expect(redactUrl(url)).toBe(url);
    expect(redactUrl('/a?%E0%A4%A=1&code=2')).toBe('/a?%E0%A4%A=1&code=[REDACTED]');
    expect(redactUrl('/a?code=1#frag')).toBe('/a?code=[REDACTED]');
  });
});
