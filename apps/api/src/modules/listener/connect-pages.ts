import type { StateProblem } from '../auth/oauth-state.service';

const STYLE =
  'body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f7f6fb;color:#1d1a2b}' +
  'main{max-width:32rem;padding:2rem}h1{font-size:1.5rem;margin:0 0 .5rem}a{color:#4b32b5}';

const REASONS: Record<StateProblem, string> = {
  invalid: 'The answer from Spotify could not be matched to a connection Soundlink started.',
  expired: 'The connection took too long to finish.',
  replayed: 'This connection has already been completed once.',
  browser: 'This connection was started in another browser.',
};

/**
 * The connect callback's answer when its state cannot name a campaign (forged, or not ours): a small
 * page of its own, since there is no connect page to send the browser back to.
 */
export function connectProblemPage(problem: StateProblem): { kind: 'page'; status: number; html: string } {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">' +
    `<title>Connection not completed · Soundlink</title><style>${STYLE}</style></head><body><main>` +
    '<h1>We couldn’t finish connecting Spotify</h1>' +
    `<p>${REASONS[problem]} Nothing was connected and nothing was stored.</p>` +
    '<p>To try again, open the campaign link you were given once more.</p>' +
    '<p><a href="/">What is Soundlink?</a></p></main></body></html>';
  return { kind: 'page', status: 400, html };
}
