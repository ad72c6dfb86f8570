const { existsSync } = require('node:fs');

// Browser specs (*.browser.spec.ts) drive Debian's Chromium; they never download a browser. On a machine
// without one they are left out with a notice, except where REQUIRE_BROWSER_TESTS=1 (CI) makes that an error.
const chromium = process.env.CHROMIUM_PATH
  ? existsSync(process.env.CHROMIUM_PATH)
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].some((p) => existsSync(p));
if (!chromium) {
  const message =
    'No Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH): the browser tests are not run.';
  if (process.env.REQUIRE_BROWSER_TESTS === '1') throw new Error(message);
  process.stderr.write(`\n*** ${message} ***\n\n`);
}

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testPathIgnorePatterns: chromium ? [] : ['\\.browser\\.spec\\.ts$'],
  testTimeout: 120000,
};
