import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import globals from 'globals';
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// Each folder under src/features is one feature; pages are assembled only in src/app.
const FEATURES = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// What every feature may read: the browser's shared layers, free of any feature.
const SHARED_LAYERS = [
  './src/api',
  './src/components',
  './src/domain',
  './src/errors',
  './src/preferences',
  './src/queries',
];

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'test-results', 'playwright-report', '.data'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...pluginQuery.configs['flat/recommended'],
  {
    // The browser has no Node built-ins (server/ and emulator/ are kept out by the zones below).
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['node:*'], message: 'Browser code cannot import Node-side code.' }],
        },
      ],
      // @types/papaparse references Node's types, so tsc alone no longer keeps these out.
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'process', 'global', '__dirname', '__filename', 'require'].map((name) => ({
          name,
          message: 'Browser code runs without Node globals.',
        })),
      ],
    },
  },
  {
    // The four parts (src, server, emulator, contract) and the boundaries between them.
    files: ['**/*.{ts,tsx,js}'],
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle follows imports into .ts/.tsx files only if it may parse them.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...FEATURES.map((feature) => ({
              target: `./src/features/${feature}`,
              from: './src/features',
              except: [`./${feature}`],
              message: 'A feature never imports another feature: assemble them in src/app.',
            })),
            {
              target: ['./src/features', ...SHARED_LAYERS],
              from: './src/app',
              message: 'Only src/app knows the pages; nothing imports it back.',
            },
            {
              target: SHARED_LAYERS,
              from: './src/features',
              message: 'Shared layers are free of features: move the shared piece out instead.',
            },
            {
              target: './src',
              from: ['./server', './emulator'],
              message: 'The browser app never imports Node-side code.',
            },
            {
              target: './server',
              from: './src',
              message: 'The server shares code with the browser only through contract/.',
            },
            {
              target: './contract',
              from: '.',
              except: ['./contract', './node_modules'],
              message: 'contract/ imports nothing outside itself but packages.',
            },
          ],
        },
      ],
    },
  },
  {
    // contract/ runs in the browser and in Node alike, so it may use neither.
    files: ['contract/**/*.ts'],
    ignores: ['contract/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'contract/ has no Node code.' },
            { group: builtinModules, message: 'contract/ has no Node code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['eslint.config.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
