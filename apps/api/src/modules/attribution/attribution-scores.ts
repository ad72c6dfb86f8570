import { Candidate, creditShares, MODEL_VERSION, scoreCandidate } from './attribution-model';
import type { CandidateRow } from './attribution-candidates.repository';

export interface AttributedRow {
  playId: string;
  campaignId: string;
  generation: number;
  clickId: string;
  linkId: string;
  /** The credited click's utm_source ('' for none), kept so the figures by channel outlive the click. */
  utmSource: string;
  listenerId: string;
  trackId: string;
  playedAt: Date;
  clickedAt: Date;
  score: number;
  tier: string;
  reasons: string[];
  credit: number;
  modelVersion: string;
}

/** Scores candidates with the pure model and splits each play's credit across its campaigns. */
export function scoreRows(rows: CandidateRow[]): AttributedRow[] {
  const byPlay = new Map<string, CandidateRow[]>();
  for (const row of rows) {
    const list = byPlay.get(row.play_id);
    if (list) list.push(row);
    else byPlay.set(row.play_id, [row]);
  }
  const out: AttributedRow[] = [];
  for (const group of byPlay.values()) {
    const scored = group.map((row) => {
      const candidate: Candidate = {
        playedAt: new Date(row.played_at),
        clickedAt: new Date(row.clicked_at),
        windowHours: row.window_hours,
        destinationType: row.destination_type,
        destinationId: row.destination_id,
        contextUri: row.context_uri,
        playedBeforeClick: row.played_before_click,
        ...(row.origin && row.origin !== 'spotify' && row.match_method
          ? {
              match: {
                origin: row.origin,
                method: row.match_method,
                confidence: Number(row.match_confidence),
              },
            }
          : {}),
      };
      return { row, score: scoreCandidate(candidate) };
    });
    const shares = creditShares(scored.map((s) => s.score.score));
    scored.forEach(({ row, score }, i) =>
      out.push({
        playId: String(row.play_id),
        campaignId: row.campaign_id,
        generation: row.generation,
        clickId: row.click_id,
        linkId: row.link_id,
        utmSource: row.utm_source ?? '',
        listenerId: row.listener_id,
        trackId: row.track_id,
        playedAt: new Date(row.played_at),
        clickedAt: new Date(row.clicked_at),
        score: score.score,
        tier: score.tier,
        reasons: score.reasons,
        credit: shares[i] ?? 0,
        modelVersion: MODEL_VERSION,
      }),
    );
  }
  return out;
}
