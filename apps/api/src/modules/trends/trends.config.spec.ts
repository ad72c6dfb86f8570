import { ConfigError, loadConfig } from '../../config/app-config';
import { windowDays } from './trends.service';

describe('trends configuration', () => {
  it('shows items of 10 listeners or more by default, caches 5 minutes', () => {
    const config = loadConfig({});
    expect(config.TRENDS_MIN_LISTENERS).toBe(10);
    expect(config.TRENDS_CACHE_TTL_S).toBe(300);
  });

  it('refuses a privacy threshold below 5, naming the variable', () => {
    expect(loadConfig({ TRENDS_MIN_LISTENERS: '5' }).TRENDS_MIN_LISTENERS).toBe(5);
    expect(() => loadConfig({ TRENDS_MIN_LISTENERS: '4' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRENDS_MIN_LISTENERS: '4' })).toThrow(
      'Invalid configuration: TRENDS_MIN_LISTENERS must be an integer number of listeners between 5 and 100000 (got "4")',
    );
  });
});

describe('trend windows', () => {
  it('are whole UTC days ending with the last complete one, each with the window just before it', () => {
    const now = new Date('2026-03-10T08:30:00Z');
    expect(windowDays('24h', now)).toEqual({
      days: 1,
      previousStart: '2026-03-08',
      previousEnd: '2026-03-08',
      start: '2026-03-09',
      end: '2026-03-09',
    });
    expect(windowDays('7d', now)).toEqual({
      days: 7,
      previousStart: '2026-02-24',
      previousEnd: '2026-03-02',
      start: '2026-03-03',
      end: '2026-03-09',
    });
    expect(windowDays('28d', now).previousStart).toBe('2026-01-13');
    expect(windowDays('28d', now).previousEnd).toBe('2026-02-09');
  });
});
