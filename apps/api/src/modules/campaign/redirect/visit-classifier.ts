import { isbot } from 'isbot';

// Link-preview fetchers that isbot's list may not name: they fetch the URL to draw a card, nobody clicked.
const PREVIEW_FETCHERS =
  /facebookexternalhit|facebot|twitterbot|slackbot|whatsapp|telegrambot|discordbot|linkedinbot|skypeuripreview|pinterest|redditbot|embedly|iframely|vkshare|applebot|bingpreview|google-inspectiontool|snapchat|mastodon|bluesky|cardyb|yahoo! slurp/i;

const seen = new Map<string, boolean>();
const SEEN_MAX = 5_000;

/** A crawler or preview fetcher (recorded, never counted as a visitor). A missing user agent counts as a bot. */
export function isBotUserAgent(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent.trim().length < 5) return true;
  // The same few hundred user agents make most traffic: remember the verdicts (the list is long regexes).
  let verdict = seen.get(userAgent);
  if (verdict === undefined) {
    verdict = isbot(userAgent) || PREVIEW_FETCHERS.test(userAgent);
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.set(userAgent, verdict);
  }
  return verdict;
}
