import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { startTestServer, TestServer } from './support/test-server';

const WORKSPACE = join(__dirname, '..', '..', '..');
const ALERTS = join(WORKSPACE, 'docker', 'prometheus', 'alerts.yml');
const DASHBOARD = join(WORKSPACE, 'docker', 'grafana', 'soundlink.json');

/** Series Prometheus makes itself for every scrape target: no product exports them. */
const SCRAPE_SERIES = new Set(['up']);

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression reads: identifiers that are not functions, keywords, label names or
 * values, durations, numbers or Grafana variables. `label_values(metric, label)` (a Grafana query) reads `metric`.
 */
function metricNames(expr: string): string[] {
  const text = expr
    .replace(/label_values\(\s*([^,)]+)(?:,[^)]*)?\)/g, ' $1 ')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\boffset\s+-?\w+/g, ' ');
  const names = new Set<string>();
  for (const match of text.matchAll(/(?<![\w.:])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()/g)) {
    if (!PROMQL_WORDS.has(match[1].toLowerCase())) names.add(match[1]);
  }
  return [...names];
}

/** Every series name a /metrics page can hold, from its `# TYPE` lines (histograms and summaries with their suffixes). */
function exportedSeries(page: string): Set<string> {
  const series = new Set<string>();
  for (const [, name, type] of page.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    series.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) series.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) series.add(name + suffix);
  }
  return series;
}

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function alertRules(): AlertRule[] {
  const file = parse(readFileSync(ALERTS, 'utf8')) as { groups: { name: string; rules: AlertRule[] }[] };
  return file.groups.flatMap((group) => group.rules);
}

interface Panel {
  title: string;
  type: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string; datasource?: { uid: string } }[];
}

interface Dashboard {
  templating: { list: { name: string; type: string; query: string | { query: string } }[] };
  panels: Panel[];
}

function dashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
}

function dashboardExpressions(board: Dashboard): string[] {
  const panels = board.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr);
  const variables = board.templating.list
    .filter((variable) => variable.type === 'query')
    .map((variable) => (typeof variable.query === 'string' ? variable.query : variable.query.query));
  return [...panels, ...variables];
}

describe('metricNames (how the spec below reads PromQL)', () => {
  it('keeps metric names and leaves out functions, keywords, labels, durations and variables', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (instance, le) (rate(x_bucket{a="b",c=~"5.."}[5m]))) > 0.05 and on (job) y_total offset 1h or max without (status) (z) / 1e6 > bool $threshold',
      ).sort(),
    ).toEqual(['x_bucket', 'y_total', 'z']);
    expect(metricNames('label_values(soundlink_process_start_time_seconds, instance)')).toEqual([
      'soundlink_process_start_time_seconds',
    ]);
    expect(metricNames('sum(rate(a[$__rate_interval])) / b{instance=~"$instance"}')).toEqual(['a', 'b']);
  });
});

describe('the alert rules and the Grafana dashboard read only metrics the product exports', () => {
  let server: TestServer;
  let exported: Set<string>;

  beforeAll(async () => {
    // The default role (all) registers every metric: the API's, the click buffer's, the poller's and Spotify's.
    server = await startTestServer();
    // One tracker-link answer, so the redirect histogram is seen observing too.
    await request(server.url).get('/l/no-such-link-here').expect(404);
    const page = await request(server.url).get('/metrics').expect(200);
    exported = exportedSeries(page.text);
  });
  afterAll(() => server?.stop());

  it('sees the metrics this spec relies on in the scrape', async () => {
    expect(exported.size).toBeGreaterThan(50);
    const page = await request(server.url).get('/metrics').expect(200);
    expect(page.text).toMatch(/^soundlink_redirect_duration_seconds_count [1-9]\d*$/m);
    expect(page.text).toMatch(/^soundlink_click_buffer_max_bytes [1-9]\d*$/m);
    expect(page.text).toMatch(/^soundlink_memory_limit_bytes [1-9]/m);
    expect(page.text).toMatch(/^soundlink_nodejs_heap_limit_bytes [1-9]/m);
  });

  it('has an alert for each failure the operator must hear about, each with a severity and a summary', () => {
    const rules = alertRules();
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'SoundlinkHighErrorRate',
        'SoundlinkRedirectSlow',
        'SoundlinkClickBufferFilling',
        'SoundlinkClickWritesFailing',
        'SoundlinkPollLag',
        'SoundlinkListenersNeedReconnection',
        'SpotifyRateLimited',
        'SpotifyQuotaExhausted',
        'SoundlinkDatabaseDown',
        'SoundlinkMemoryNearLimit',
      ]),
    );
    for (const rule of rules) {
      expect({ alert: rule.alert, severity: rule.labels?.severity }).toEqual({
        alert: rule.alert,
        severity: expect.stringMatching(/^(warning|critical)$/),
      });
      expect(rule.annotations?.summary).toEqual(expect.any(String));
      expect(metricNames(rule.expr).length).toBeGreaterThan(0);
    }
  });

  it('names only exported metrics in every alert expression', () => {
    const unknown = alertRules().flatMap((rule) =>
      metricNames(rule.expr)
        .filter((name) => !exported.has(name) && !SCRAPE_SERIES.has(name))
        .map((name) => `${rule.alert}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('names only exported metrics in every dashboard query, each panel on the datasource variable', () => {
    const board = dashboard();
    const datasource = board.templating.list.find((variable) => variable.type === 'datasource');
    expect(datasource).toMatchObject({ name: 'datasource', query: 'prometheus' });
    const expressions = dashboardExpressions(board);
    expect(expressions.length).toBeGreaterThan(20);
    const unknown = expressions.flatMap((expr) =>
      metricNames(expr)
        .filter((name) => !exported.has(name) && !SCRAPE_SERIES.has(name))
        .map((name) => `${name} in ${expr}`),
    );
    expect(unknown).toEqual([]);
    for (const panel of board.panels.filter((p) => p.type !== 'row')) {
      expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({
        panel: panel.title,
        uid: '${datasource}',
      });
    }
  });

  it('charts every metric the alerts read', () => {
    // A histogram counts as charted by any of its series (a quantile panel reads _bucket, an alert _count too).
    const metric = (name: string) => name.replace(/_(bucket|sum|count)$/, '');
    const charted = new Set(dashboardExpressions(dashboard()).flatMap(metricNames).map(metric));
    const alerted = new Set(alertRules().flatMap((rule) => metricNames(rule.expr).map(metric)));
    expect([...alerted].filter((name) => !charted.has(name))).toEqual([]);
  });
});

/** Prometheus's promtool, when installed (it is not part of node_modules; tools/test-services.js reports its absence). */
const promtool = (process.env['PATH'] ?? '')
  .split(delimiter)
  .filter(Boolean)
  .map((dir) => join(dir, 'promtool'))
  .find((candidate) => existsSync(candidate));

if (promtool) {
  describe('promtool', () => {
    it('accepts the alert rules (`promtool check rules`)', () => {
      const output = execFileSync(promtool, ['check', 'rules', ALERTS], { encoding: 'utf8' });
      expect(output).toMatch(/SUCCESS/);
    });
  });
}
