// Which external services the test run has, shared by the Jest configs and the closing reporter.
//
// A group of specs that needs a service is left out on a machine without it (a newcomer's laptop), with a
// notice, except where its REQUIRE_* flag is set (CI sets those of the services it installs): there a missing service fails the run
// before any test starts, so CI can never lose a group of tests silently.
const { existsSync } = require('node:fs');
const { delimiter, join } = require('node:path');

const chromiumFound = process.env.CHROMIUM_PATH
  ? existsSync(process.env.CHROMIUM_PATH)
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].some((p) => existsSync(p));

/** Prometheus's promtool on PATH (it ships with Prometheus; nothing in node_modules provides it). */
const promtoolPath = (process.env.PATH ?? '')
  .split(delimiter)
  .filter(Boolean)
  .map((dir) => join(dir, 'promtool'))
  .find((candidate) => existsSync(candidate));

/** Each group: whether its service is there, the flag that makes it required, and what is left out without it. */
const groups = [
  {
    name: 'browser specs',
    available: chromiumFound,
    flag: 'REQUIRE_BROWSER_TESTS',
    missing:
      'No Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH): the browser specs are not run.',
  },
  {
    name: 'Redis specs',
    available: Boolean(process.env.TEST_REDIS_URL),
    flag: 'REQUIRE_REDIS_TESTS',
    missing:
      'No TEST_REDIS_URL: the specs that need a Redis server (shared cache, live events and revocations across processes) are not run.',
  },
  {
    name: 'PostgreSQL-server specs',
    available: Boolean(process.env.TEST_DATABASE_URL),
    flag: 'REQUIRE_POSTGRES_SERVER_TESTS',
    missing:
      'No TEST_DATABASE_URL: the database specs run on the embedded PostgreSQL (PGlite) instead of a PostgreSQL server, and the backup and restore round trip between the two and the tests of interleaved transactions (they need concurrent sessions) are not run.',
  },
  {
    name: 'promtool check',
    available: Boolean(promtoolPath),
    flag: 'REQUIRE_PROMTOOL',
    missing:
      'No promtool on PATH: docker/prometheus/alerts.yml is not checked by `promtool check rules` (its metric names still are).',
  },
];

/** Throws for a required group whose service is missing; called when Jest loads the configs. */
function assertRequiredServices() {
  const missing = groups.filter((g) => !g.available && process.env[g.flag] === '1');
  if (missing.length > 0) {
    throw new Error(missing.map((g) => `${g.flag}=1 but ${g.missing}`).join('\n'));
  }
}

/** One line for the end of the run: what was left out, or that nothing was. */
function summaryLine() {
  const left = groups.filter((g) => !g.available);
  if (left.length === 0) return 'Test groups: all ran (Chromium, Redis, PostgreSQL server, promtool).';
  return `Test groups LEFT OUT on this machine: ${left.map((g) => g.missing).join(' ')}`;
}

module.exports = { chromiumFound, promtoolPath, groups, assertRequiredServices, summaryLine };
