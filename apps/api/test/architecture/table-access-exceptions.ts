/**
 * Tables a module names although another module owns them (see table-owners.ts): the debts of issue 17
 * ("One owner per table") as the code stands, one entry per (module, table), grouped by the module that
 * names the table. The list may only shrink: table-ownership.spec.ts fails for a pair not listed here and
 * for an entry the code no longer needs (delete it then). Moving a query into the owner's repository and
 * calling the owner's service instead removes its entry.
 *
 * Not seen by the check, so not listed: the listener erasure's `DELETE FROM ${table}` over every table with
 * a listener_id column (found through information_schema at run time, listener.service.ts), and tables
 * named by code outside the modules (apps/api/src/bin, database).
 */
export interface TableAccessException {
  /** The module that names the table. */
  module: string;
  table: string;
  /** Why, as the code stands. */
  reason: string;
}

const group = (module: string, entries: Record<string, string>): TableAccessException[] =>
  Object.entries(entries).map(([table, reason]) => ({ module, table, reason }));

export const tableAccessExceptions: readonly TableAccessException[] = [
  ...group('analytics', {
    clicks: 'rollups and the raw export read clicks to count them (analytics-rollups, analytics-export)',
    campaigns:
      'rollups join clicks and attributions to their campaigns (dropping deleted ones); the summary lists an owner campaigns',
    campaign_tracks: 'lift, segments and rollups read the target track set of a campaign',
    tracker_links: 'the campaign report lists its links (id, label, slug) beside their figures',
    plays: 'lift, segments and rollups count plays of the reached listeners',
    tracks: 'reports and the export show track names and artists',
    listeners: 'lift, segments and the observed-time figure read connect and disconnect times',
    observation_gaps: 'lift, segments and the observed-time figure subtract unobserved spans',
    attributions: 'rollups, segments, the report and the export read the credited plays',
    artists: 'segments name the artists of a campaign from the catalog',
  }),
  ...group('attribution', {
    clicks: 'the candidate search and the explanations read the clicks a play may be credited to',
    campaigns: 'the engine reads windows, models and generations of campaigns and bumps the generation',
    campaign_tracks: 'the candidate search and the explanations match plays to the target track set',
    campaign_status_periods: 'a click counts only while its campaign was active',
    tracker_links: 'explanations name the link a click came through',
    plays: 'the engine and re-attribution read the plays they credit',
    tracks: 'the attributions list and the explanations show track names',
  }),
  ...group('campaign', {
    owners:
      'creating a campaign reads the owner time zone (OwnerEntity in the controller); click retention reads the owner default',
    listeners: 'the click buffer keeps a click listener id only if the listener still exists',
  }),
  ...group('demo', {
    owners: 'the demo finds or creates its demo owner (OwnerEntity)',
  }),
  ...group('insights', {
    plays: 'a listener insights read their plays; the history import writes imported plays',
    tracks: 'insights show track names; the history import inserts the tracks it names',
    listeners: 'insights read the listener time zone, scope and tokens',
    clicks: 'the campaigns a listener reached through, with their clicks',
    campaigns: 'the campaigns a listener reached through, by name',
    attributions: 'the plays credited to each of those campaigns',
  }),
  ...group('listener', {
    clicks: 'the export and the erasure read and anonymise the listener clicks; connect links a click',
    listening_history_imports: 'the erasure deletes the listener history imports first',
  }),
  ...group('polling', {
    listeners: 'the scheduler leases, reschedules and moves listeners (SKIP LOCKED) in the listeners rows',
    observation_gaps: 'a poll records the span it could not observe',
    clicks: 'a claimed listener carries their last click time (adaptive schedule)',
  }),
  ...group('sources', {
    clicks: 'a claimed source carries its listener’s last click time (polled often inside a 28-day window)',
  }),
  ...group('trends', {
    plays: 'rebuilding the counts reads every observed play (and locks plays meanwhile)',
    tracks: 'trend lists show track names and albums',
  }),
  ...group('webhooks', {
    campaigns: 'listener.erased goes to the owners of the campaigns the listener came through',
  }),
];
