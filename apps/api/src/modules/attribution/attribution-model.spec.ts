import {
  BASELINE_FACTOR,
  Candidate,
  CONTEXT_WEIGHT,
  contextKind,
  creditedClick,
  creditShares,
  DECAY_FLOOR,
  evaluatePlay,
  inTargetSet,
  ineligibility,
  liveAt,
  normalizeContextUri,
  startedAt,
  statusAt,
  scoreCandidate,
  tierOf,
} from './attribution-model';

const HOUR = 3_600_000;
const click = new Date('2026-11-01T12:00:00Z');
const at = (ms: number) => new Date(click.getTime() + ms);
const base: Candidate = {
  playedAt: at(0),
  clickedAt: click,
  windowHours: 168,
  destinationType: 'playlist',
  destinationId: '37i9dQZF1DXcBWIGoYBM5M',
  contextUri: 'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M',
  playedBeforeClick: false,
};

describe('eligibility', () => {
  it('accepts a play exactly at the click and exactly at the end of the window', () => {
    expect(ineligibility({ ...base, playedAt: at(0) })).toBeUndefined();
    expect(ineligibility({ ...base, playedAt: at(168 * HOUR) })).toBeUndefined();
  });

  it('refuses a play a millisecond before the click or after the window', () => {
    expect(ineligibility({ ...base, playedAt: at(-1) })).toBe('PLAY_BEFORE_CLICK');
    expect(ineligibility({ ...base, playedAt: at(168 * HOUR + 1) })).toBe('OUTSIDE_WINDOW');
    expect(ineligibility({ ...base, windowHours: 1, playedAt: at(HOUR + 1) })).toBe('OUTSIDE_WINDOW');
  });

  it('knows what was in a playlist at the time of the play, not today', () => {
    const rows = [
      { trackId: 'kept', addedAt: at(-10 * HOUR), removedAt: null },
      { trackId: 'removed', addedAt: at(-10 * HOUR), removedAt: at(2 * HOUR) },
      { trackId: 'added-later', addedAt: at(5 * HOUR), removedAt: null },
    ];
    expect(inTargetSet(rows, 'kept', at(3 * HOUR))).toBe(true);
    expect(inTargetSet(rows, 'removed', at(HOUR))).toBe(true);
    expect(inTargetSet(rows, 'removed', at(2 * HOUR))).toBe(false); // removed before the play
    expect(inTargetSet(rows, 'added-later', at(3 * HOUR))).toBe(false);
    expect(inTargetSet(rows, 'added-later', at(5 * HOUR))).toBe(true);
  });
});

describe('confidence', () => {
  it('is highest for a fresh play from the campaign’s own destination', () => {
    const s = scoreCandidate(base);
    expect(s).toEqual({
      score: 1,
      tier: 'high',
      reasons: ['CONTEXT_DESTINATION', 'TIME_DECAY', 'NEW_REACH', 'PLAYLIST_VERIFIED'],
      factors: { context: 1, decay: 1, baseline: 1, match: 1 },
    });
  });

  it('ranks another context above none, both below the destination', () => {
    const other = scoreCandidate({ ...base, contextUri: 'spotify:album:4aawyAB9vmqN3uQ7FjRGTy' });
    const none = scoreCandidate({ ...base, contextUri: null });
    expect(other.score).toBe(CONTEXT_WEIGHT.other);
    expect(none.score).toBe(CONTEXT_WEIGHT.none);
    expect(other.reasons[0]).toBe('CONTEXT_OTHER');
    expect(none.reasons[0]).toBe('CONTEXT_NONE');
    expect(contextKind({ ...base, destinationType: 'track', contextUri: 'spotify:album:x' })).toBe('other');
  });

  it('decays linearly to the floor at the end of the window', () => {
    expect(scoreCandidate({ ...base, playedAt: at(84 * HOUR) }).score).toBe(0.75);
    expect(scoreCandidate({ ...base, playedAt: at(168 * HOUR) }).score).toBe(DECAY_FLOOR);
  });

  it('halves for a track the listener already played before the click (not new reach)', () => {
    const s = scoreCandidate({ ...base, playedBeforeClick: true });
    expect(s.score).toBe(BASELINE_FACTOR);
    expect(s.reasons).toContain('BASELINE_REPEAT');
    expect(s.tier).toBe('medium');
  });

  it('puts the tier cut-offs at 0.7 and 0.4', () => {
    expect(tierOf(0.7)).toBe('high');
    expect(tierOf(0.699)).toBe('medium');
    expect(tierOf(0.4)).toBe('medium');
    expect(tierOf(0.399)).toBe('low');
    // the lowest possible score: no context, end of window, a repeat
    expect(
      scoreCandidate({ ...base, contextUri: null, playedAt: at(168 * HOUR), playedBeforeClick: true }).tier,
    ).toBe('low');
  });

  it('refuses to score an ineligible candidate', () => {
    expect(() => scoreCandidate({ ...base, playedAt: at(-1) })).toThrow();
  });
});

describe('credit', () => {
  it('gives a play that qualifies for one campaign all of it', () => {
    expect(creditShares([0.42])).toEqual([1]);
  });

  it('splits the same played_at between two campaigns by score, summing to exactly 1', () => {
    const shares = creditShares([1, 0.5]);
    expect(shares).toEqual([0.6667, 0.3333]);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    const three = creditShares([0.3, 0.3, 0.3]);
    expect(three.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('credits the latest click at or before the play', () => {
    const clicks = [
      { id: 'a', clickedAt: at(-5 * HOUR) },
      { id: 'b', clickedAt: at(-1 * HOUR) },
      { id: 'c', clickedAt: at(2 * HOUR) },
    ];
    expect(creditedClick(clicks, at(0))?.id).toBe('b');
    expect(creditedClick(clicks, at(-6 * HOUR))).toBeUndefined();
    expect(
      creditedClick(
        [
          { id: 'x', clickedAt: at(0) },
          { id: 'y', clickedAt: at(0) },
        ],
        at(0),
      )?.id,
    ).toBe('y');
  });
});

describe('model v2 (issue 16)', () => {
  const campaign = {
    windowHours: 168,
    startsAt: null as Date | null,
    endsAt: null as Date | null,
    statuses: [] as Array<{
      status: 'draft' | 'active' | 'paused' | 'ended' | 'archived';
      since: Date | null;
      until: Date | null;
    }>,
    tracks: [{ trackId: 'T', addedAt: at(-100 * HOUR), removedAt: null }],
  };
  const play = (ms: number, durationMs: number | null = null) => ({
    playedAt: at(ms),
    durationMs,
    trackId: 'T',
    source: 'poll',
  });
  const k = (id: string, ms: number, isBot = false) => ({ id, clickedAt: at(ms), isBot, isHead: false });

  it('a play counts only from its start: played_at minus the duration', () => {
    expect(startedAt(at(200_000), 200_000)).toEqual(click);
    expect(startedAt(at(5), null)).toEqual(at(5));
    expect(ineligibility({ ...base, playedAt: at(100_000), startedAt: at(-100_000) })).toBe(
      'STARTED_BEFORE_CLICK',
    );
    expect(ineligibility({ ...base, playedAt: at(200_000), startedAt: at(0) })).toBeUndefined();
    expect(evaluatePlay(play(100_000, 200_000), campaign, [k('a', 0)]).reason).toBe('STARTED_BEFORE_CLICK');
    expect(evaluatePlay(play(200_000, 200_000), campaign, [k('a', 0)]).click?.id).toBe('a');
  });

  it('normalises the legacy playlist URI', () => {
    expect(normalizeContextUri('spotify:user:someone:playlist:37i9dQZF1DXcBWIGoYBM5M')).toBe(
      'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M',
    );
    expect(contextKind({ ...base, contextUri: 'spotify:user:x:playlist:37i9dQZF1DXcBWIGoYBM5M' })).toBe(
      'destination',
    );
    expect(normalizeContextUri('spotify:album:abc')).toBe('spotify:album:abc');
    expect(normalizeContextUri(null)).toBeNull();
  });

  it('credits the latest eligible click: a later click after the end date, during a pause or by a bot does not hide it', () => {
    const ended = { ...campaign, endsAt: at(HOUR) };
    expect(evaluatePlay(play(3 * HOUR), ended, [k('in', 0), k('late', 2 * HOUR)]).click?.id).toBe('in');
    expect(evaluatePlay(play(3 * HOUR), campaign, [k('human', 0), k('bot', 2 * HOUR, true)]).click?.id).toBe(
      'human',
    );
    const paused = {
      ...campaign,
      statuses: [
        { status: 'active' as const, since: null, until: at(HOUR) },
        { status: 'paused' as const, since: at(HOUR), until: at(4 * HOUR) },
        { status: 'active' as const, since: at(4 * HOUR), until: null },
      ],
    };
    expect(evaluatePlay(play(5 * HOUR), paused, [k('before', 0), k('during', 2 * HOUR)]).click?.id).toBe(
      'before',
    );
    expect(evaluatePlay(play(3 * HOUR), paused, [k('before', 0)]).reason).toBe('PLAYED_WHILE_NOT_LIVE');
    expect(evaluatePlay(play(5 * HOUR), paused, [k('during', 2 * HOUR)]).reason).toBe(
      'CLICK_WHILE_NOT_ACTIVE',
    );
  });

  it('reads statuses over time: none recorded is active; ended campaigns still take plays', () => {
    expect(statusAt([], click)).toBe('active');
    const ended = [
      { status: 'active' as const, since: null, until: click },
      { status: 'ended' as const, since: click, until: null },
    ];
    expect(statusAt(ended, at(-1))).toBe('active');
    expect(statusAt(ended, click)).toBe('ended');
    expect(liveAt(ended, at(HOUR))).toBe(true);
    expect(liveAt([{ status: 'archived', since: click, until: null }], at(HOUR))).toBe(false);
  });

  it('measures the baseline from the first eligible click', () => {
    const verdict = evaluatePlay(play(5 * HOUR), campaign, [
      k('first', 0),
      k('second', 4 * HOUR),
      k('bot', -HOUR, true),
    ]);
    expect(verdict.click?.id).toBe('second');
    expect(verdict.firstClickAt).toEqual(click);
  });

  it('splits credit exactly as the database rounds (half up on ten-thousandths)', () => {
    expect(creditShares([0.557, 0.559])).toEqual([0.4991, 0.5009]);
    expect(creditShares([0.5, 0.5, 0.5, 0.5])).toEqual([0.25, 0.25, 0.25, 0.25]);
    // 1/8 = 0.125 → 0.125 exactly; 0.00005 halves round up
    expect(creditShares([0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001])).toEqual([
      0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125,
    ]);
  });
});
