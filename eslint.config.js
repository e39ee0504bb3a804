// Lint: typescript-eslint's recommended rules, plus the runtime boundaries of DESIGN.md §2:
// `electron` and `node:*` stay out of renderer/ and shared/ (VS Code's layering, as a rule).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'http',
  'https',
  'crypto',
  'child_process',
  'net',
  'url',
  'stream',
  'util',
  'zlib',
];
const browserOnly = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message: 'Only main, preload and the store adapters may import electron (DESIGN.md §2).',
        },
      ],
      patterns: [
        {
          group: nodeBuiltins,
          message:
            'No Node built-ins here: this code runs in the browser or anywhere (DESIGN.md §2).',
        },
        {
          group: [
            '**/electron/**',
            '../electron',
            '../../electron',
            '**/sandbox/**',
            '../sandbox',
            '../../sandbox',
          ],
          message: 'renderer/ and shared/ may import only shared/ and pure libraries.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: browserOnly,
  },
  { files: ['shared/**/*.ts'], ignores: ['shared/**/*.test.ts'], rules: browserOnly },
  { files: ['renderer/**/*.test.{ts,tsx}'], rules: { 'no-restricted-imports': 'off' } },
);
