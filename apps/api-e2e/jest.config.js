const { chromiumFound: chromium, assertRequiredServices } = require('../../tools/test-services');

// Browser specs (*.browser.spec.ts) drive Debian's Chromium; they never download a browser. On a machine
// without one they are left out (the run's last line says so), except where REQUIRE_BROWSER_TESTS=1 (CI)
// makes that an error.
assertRequiredServices();

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testPathIgnorePatterns: chromium ? [] : ['\\.browser\\.spec\\.ts$'],
  testTimeout: 120000,
};
