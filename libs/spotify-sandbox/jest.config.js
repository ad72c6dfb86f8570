module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'spotify-sandbox',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
