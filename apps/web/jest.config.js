// Jest project for the Angular SPA: jsdom + jest-preset-angular, zoneless like the app itself.
const { createCjsPreset } = require('jest-preset-angular/presets');

module.exports = {
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'web',
  rootDir: __dirname,
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  moduleNameMapper: {
    '^@soundlink/api-client$': '<rootDir>/../../libs/api-client/src/index.ts',
    '^@soundlink/domain$': '<rootDir>/../../libs/domain/src/index.ts',
    '^@soundlink/ui-charts$': '<rootDir>/../../libs/ui-charts/src/index.ts',
    '^@soundlink/ui-charts/sparkline$': '<rootDir>/../../libs/ui-charts/src/sparkline.ts',
  },
};
