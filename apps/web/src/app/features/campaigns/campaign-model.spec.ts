import {
  isoToZonedLocal,
  slugProblem,
  transitionLabel,
  windowLabel,
  zonedLocalToIso,
} from './campaign-model';

describe('campaign rules shared with the API', () => {
  it('checks slugs like the server does', () => {
    expect(slugProblem('summer-ig')).toBeNull();
    expect(slugProblem('ab')).toBe('must be 3 to 64 characters long');
    expect(slugProblem('a--b')).toContain('single hyphens');
    expect(slugProblem('-abc')).toContain('start and end with a letter or digit');
    expect(slugProblem('Summer')).toContain('lower-case');
    expect(slugProblem('dashboard')).toBe('is a reserved word');
  });

  it('names windows and status actions in words', () => {
    expect(windowLabel(24)).toBe('1 day');
    expect(windowLabel(168)).toBe('7 days');
    expect(windowLabel(30)).toBe('1 day and 6 hours');
    expect(windowLabel(5)).toBe('5 hours');
    expect(transitionLabel('paused', 'active')).toBe('Resume');
    expect(transitionLabel('draft', 'active')).toBe('Activate');
    expect(transitionLabel('archived', 'ended')).toBe('Restore');
  });

  it('turns wall-clock times in the campaign’s zone into instants and back', () => {
    expect(zonedLocalToIso('2026-07-01T09:00', 'Europe/Berlin')).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedLocalToIso('2026-12-01T09:00', 'Europe/Berlin')).toBe('2026-12-01T08:00:00.000Z');
    expect(zonedLocalToIso('2026-12-01T09:00', 'America/New_York')).toBe('2026-12-01T14:00:00.000Z');
    expect(zonedLocalToIso('', 'UTC')).toBeNull();
    expect(isoToZonedLocal('2026-07-01T07:00:00.000Z', 'Europe/Berlin')).toBe('2026-07-01T09:00');
    expect(isoToZonedLocal(null, 'UTC')).toBe('');
  });
});
