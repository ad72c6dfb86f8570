/**
 * The table map: every table of the database and the one module (apps/api/src/modules/<module>) that owns
 * it. The owner holds the table's entity and its SQL; other modules reach the table through the owner's
 * exported services. Every module folder is listed, also those that own no table.
 *
 * table-ownership.spec.ts checks this map against the code (every table of the entities and migrations is
 * here, each entity lives in the folder of its owner, docs/architecture.md shows the same map) and checks
 * every module's SQL against it. The justified exceptions are in table-access-exceptions.ts.
 */
export const tableOwners: Readonly<Record<string, readonly string[]>> = {
  analytics: [
    'analytics_attribution_queue',
    'analytics_click_queue',
    'analytics_click_rollups',
    'analytics_connects',
    'analytics_linked_clicks',
    'analytics_listener_firsts',
    'analytics_play_rollups',
    'analytics_track_rollups',
  ],
  attribution: ['attribution_jobs', 'attribution_queue', 'attributions'],
  audit: ['audit_log'],
  auth: ['api_keys', 'oauth_states', 'owners', 'password_resets', 'sessions'],
  campaign: [
    'campaign_status_periods',
    'campaign_tracks',
    'campaign_visitors',
    'campaigns',
    'clicks',
    'link_cache_changes',
    'orphan_visit_counts',
    'tracker_links',
  ],
  demo: [],
  health: [],
  insights: ['listening_history_imports'],
  listener: ['listeners', 'observation_gaps', 'plays', 'tracks', 'unmatched_plays'],
  metrics: [],
  'owner-spotify': ['owner_spotify_accounts'],
  polling: [],
  retention: [],
  'source-sandboxes': [],
  sources: ['listening_sources'],
  // Created by a migration in rate-limiter-flexible's layout; no entity (the library writes it).
  spotify: ['spotify_request_budget'],
  trends: [
    'albums',
    'artists',
    'track_artists',
    'trends_artist_days',
    'trends_artist_presence',
    'trends_artist_windows',
    'trends_platform_days',
    'trends_platform_presence',
    'trends_platform_windows',
    'trends_play_queue',
    'trends_salt',
    'trends_track_days',
    'trends_track_presence',
    'trends_track_windows',
  ],
  webhooks: ['webhook_deliveries', 'webhook_endpoints'],
};

/** table -> owning module. */
export const ownerOfTable: ReadonlyMap<string, string> = new Map(
  Object.entries(tableOwners).flatMap(([module, tables]) => tables.map((table) => [table, module] as const)),
);
