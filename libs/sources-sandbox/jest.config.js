module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'sources-sandbox',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
