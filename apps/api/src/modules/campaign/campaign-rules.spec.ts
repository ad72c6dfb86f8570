import { uuidv7 } from '../../common/uuid-v7';
import { canTransition } from './campaign-status';
import { generateSlug, slugProblem } from './slug';

describe('campaign status transitions', () => {
  it.each([
    ['draft', 'active', true],
    ['draft', 'paused', false],
    ['active', 'paused', true],
    ['paused', 'active', true],
    ['active', 'draft', false],
    ['ended', 'active', false],
    ['ended', 'archived', true],
    ['archived', 'active', false],
    ['archived', 'ended', true],
  ] as const)('%s -> %s allowed: %s', (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed);
  });
});

describe('tracker link slugs', () => {
  it.each([
    ['ab', 'must be 3 to 64 characters long'],
    ['a'.repeat(65), 'must be 3 to 64 characters long'],
    [
      'Summer',
      'may contain only lower-case letters, digits and single hyphens, and must start and end with a letter or digit',
    ],
    [
      '-summer',
      'may contain only lower-case letters, digits and single hyphens, and must start and end with a letter or digit',
    ],
    [
      'sum--mer',
      'may contain only lower-case letters, digits and single hyphens, and must start and end with a letter or digit',
    ],
    [
      'summer/../api',
      'may contain only lower-case letters, digits and single hyphens, and must start and end with a letter or digit',
    ],
    ['api', 'is a reserved word'],
    ['connect', 'is a reserved word'],
  ])('refuses %p', (slug, reason) => {
    expect(slugProblem(slug)).toBe(reason);
  });

  it.each(['summer-24', 'ig-bio', 'nl12'])('accepts %p', (slug) => {
    expect(slugProblem(slug)).toBeUndefined();
  });

  it('generates valid, unambiguous, varied slugs', () => {
    const slugs = new Set(Array.from({ length: 500 }, () => generateSlug()));
    expect(slugs.size).toBe(500);
    for (const slug of slugs) {
      expect(slugProblem(slug)).toBeUndefined();
      expect(slug).toMatch(/^[a-hjkmnp-z2-9]{7}$/);
    }
  });
});

describe('uuidv7', () => {
  it('is a version-7 UUID ordered by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });

  it('stamps each id with its own millisecond, also when made within the same one', () => {
    const ids = [uuidv7(1_700_000_000_000), uuidv7(1_700_000_000_000), uuidv7(1_700_000_000_001)];
    expect(ids.map((id) => id.slice(0, 13))).toEqual(['018bcfe5-6800', '018bcfe5-6800', '018bcfe5-6801']);
    expect(new Set(ids).size).toBe(3);
  });
});
