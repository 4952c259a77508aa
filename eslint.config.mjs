// Flat ESLint config: TypeScript rules, Nx module boundaries, Prettier owns formatting.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.cache/**',
      '.run/**',
      '.nx/**',
      'reports/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          // Test-only edges: the harness drops test environments through messaging, whose
          // integration suites use the harness. No production code depends on the harness.
          depConstraints: [
            // A service never imports another service or the gateway: apps depend on libs only.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            // Libraries never import applications; only the test harness may be imported by tests.
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            // Whole-platform tests and benchmarks start the apps in-process.
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: [
      'test/**/*.ts',
      'scripts/**/*',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'infra/**/*',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    // Whole-platform tests and benchmarks start the apps in-process through their public entry
    // (`@qingshui/app-*`); nowhere else may an app be imported.
    files: ['test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // Every app's public entry, whatever its name (a regular expression).
          allow: ['^@qingshui/app-[a-z]+$'],
          depConstraints: [{ sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] }],
        },
      ],
    },
  },
  {
    // Decisions and rules are pure functions of what they are given (the state read, the command,
    // the time and the ids): no I/O, no clock, no randomness. Types may still be imported.
    files: ['**/*.decide.ts', '**/*.rules.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'mongoose',
                'mongodb',
                'kafkajs',
                'bullmq',
                'ioredis',
                '@nestjs/*',
                'node:crypto',
                'crypto',
                'node:fs',
                'node:net',
                'node:http',
                'pino',
                'nestjs-pino',
                '@qingshui/messaging',
                '@qingshui/persistence',
              ],
              allowTypeImports: true,
              message: 'Decisions and rules are pure: I/O belongs to the handler and the store.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use the `now` the decision is given.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Use the `now` the decision is given.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'Take ids from the decision context; a decision does not draw random numbers.',
        },
      ],
    },
  },
  {
    // The web console runs in the browser: React's hook rules, browser globals, no Node.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The console runs in the browser.' },
            {
              group: ['@qingshui/*', '!@qingshui/regions'],
              message:
                'Import only types from the contracts (import type): their schemas stay out of the bundle.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  {
    files: ['web/scripts/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
