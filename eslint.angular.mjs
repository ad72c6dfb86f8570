import angular from 'angular-eslint';
import { defineConfig } from 'eslint/config';
import baseConfig from './eslint.config.mjs';

// The Angular projects' lint rules (apps/web, libs/ui-charts). Their `lint` targets run from the workspace
// root with `--config <project>/eslint.config.mjs`, which re-exports this
// (flat config would otherwise pick the root config). With --config, ESLint evaluates the
// `files` globs below relative to the working directory, so they are written as `**/...`.
export default defineConfig(
  ...baseConfig,
  {
    files: ['**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'sl', style: 'camelCase' },
      ],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'sl', style: 'kebab-case' }],
      '@angular-eslint/prefer-on-push-component-change-detection': 'error',
      '@angular-eslint/prefer-standalone': 'error',
    },
  },
  {
    // The workspace's root config is not part of any Nx project; importing it is how Nx apps extend it.
    files: ['**/eslint.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
    rules: {},
  },
);
