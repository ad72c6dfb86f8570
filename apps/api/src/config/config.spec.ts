import { ConfigError, loadConfig } from './app-config';

function problemOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('starts with documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.SOUNDLINK_ROLE).toBe('all');
    expect(config.spotifyMode).toBe('sandbox');
  });

  it('reads numbers and URLs from the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      PUBLIC_URL: 'https://sl.example',
    });
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/test');
    expect(config.publicUrl).toBe('https://sl.example');
  });

  it('keeps raw clicks 395 days, plays 760 and hashed IPs 30 by default', () => {
    const config = loadConfig({});
    expect([
      config.CLICK_RETENTION_DAYS,
      config.PLAY_RETENTION_DAYS,
      config.CLICK_PII_RETENTION_DAYS,
    ]).toEqual([395, 760, 30]);
  });

  it('refuses a retention shorter than the longest attribution window plus its margin, and says why', () => {
    expect(problemOf({ CLICK_RETENTION_DAYS: '90' })).toBe(
      'Invalid configuration: CLICK_RETENTION_DAYS must be an integer number of days between 120 and 36500 (raw clicks and plays must outlive the longest attribution window, 90 days, plus 30 days for late plays and re-attribution) (got "90")',
    );
    expect(problemOf({ PLAY_RETENTION_DAYS: '119' })).toContain(
      'PLAY_RETENTION_DAYS must be an integer number of days between 120',
    );
    expect(problemOf({ CLICK_RETENTION_DAYS: '200', CLICK_PII_RETENTION_DAYS: '201' })).toBe(
      'Invalid configuration: CLICK_PII_RETENTION_DAYS must be at most CLICK_RETENTION_DAYS (200): the hashed IP and user agent go with the click',
    );
  });

  it('refuses a PORT that is not a number, naming the variable and the value', () => {
    expect(problemOf({ PORT: 'abc' })).toBe(
      'Invalid configuration: PORT must be an integer between 0 and 65535 (got "abc")',
    );
  });

  it('refuses a malformed DATABASE_URL without echoing the secret', () => {
    const message = problemOf({ DATABASE_URL: 'mysql://root:hunter2@db/app' });
    expect(message).toBe(
      'Invalid configuration: DATABASE_URL must be a URL like postgres://user:password@host:5432/database',
    );
    expect(message).not.toContain('hunter2');
  });

  it('refuses an encryption key of the wrong length', () => {
    expect(problemOf({ ENCRYPTION_KEY: 'abcd1234' })).toBe(
      'Invalid configuration: ENCRYPTION_KEY must be 32 bytes: 64 hex characters or 44 base64 characters',
    );
    expect(() => loadConfig({ ENCRYPTION_KEY: 'a'.repeat(64) })).not.toThrow();
  });

  it('refuses an unknown role and a Spotify client ID without its secret', () => {
    expect(problemOf({ SOUNDLINK_ROLE: 'poller' })).toMatch(
      /^Invalid configuration: SOUNDLINK_ROLE must be one of/,
    );
    expect(problemOf({ SPOTIFY_CLIENT_ID: 'a'.repeat(32) })).toBe(
      'Invalid configuration: SPOTIFY_CLIENT_SECRET must be set when SPOTIFY_CLIENT_ID is set',
    );
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', SPOTIFY_CLIENT_ID: '' }).spotifyMode).toBe('sandbox');
  });
});
