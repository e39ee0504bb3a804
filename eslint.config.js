// Lint: typescript-eslint's recommended rules, plus the runtime boundaries of DESIGN.md §2
// (VS Code's layering, as a rule): only electron/ imports `electron`; renderer/ and shared/ have
// no Node built-ins; engine/ imports no host; no host imports another. Each folder's tsconfig
// enforces the same boundaries for the compiler (see the README's "Folders").
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

const noElectron = {
  name: 'electron',
  message: 'Only electron/ may import electron (DESIGN.md §2).',
};

/** A pattern group for every relative import reaching into one of these top-level folders. */
function into(folders) {
  return folders.flatMap((f) => [`**/${f}/**`, `../${f}`, `../../${f}`, `../../../${f}`]);
}

/** The rule for a folder that may not reach the given folders (and, unless allowed, electron). */
function boundary(forbidden, message, { electron = false, node = true } = {}) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: electron ? [] : [noElectron],
        patterns: [
          ...(node
            ? []
            : [
                {
                  group: nodeBuiltins,
                  message:
                    'No Node built-ins here: this code runs in the browser or anywhere (DESIGN.md §2).',
                },
              ]),
          { group: into(forbidden), message },
        ],
      },
    ],
  };
}

const hosts = ['electron', 'web-host', 'cli'];

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
    rules: boundary(
      ['electron', 'engine', 'web-host', 'cli', 'sandbox'],
      'renderer/ may import only shared/ and pure libraries.',
      { node: false },
    ),
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: boundary(
      ['electron', 'engine', 'web-host', 'cli', 'sandbox', 'renderer'],
      'shared/ may import only shared/ and pure libraries.',
      { node: false },
    ),
  },
  {
    files: ['engine/**/*.ts'],
    ignores: ['engine/**/*.test.ts'],
    rules: boundary([...hosts, 'renderer'], 'engine/ imports no host and no renderer code.'),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/**/*.test.ts'],
    rules: boundary(
      ['web-host', 'cli', 'renderer', 'sandbox'],
      'A host imports engine/ and shared/ only (the sandbox through engine/).',
      { electron: true },
    ),
  },
  {
    files: ['web-host/**/*.ts'],
    ignores: ['web-host/**/*.test.ts'],
    rules: boundary(
      ['electron', 'cli', 'renderer', 'sandbox'],
      'A host imports engine/ and shared/ only (the sandbox through engine/).',
    ),
  },
  {
    files: ['cli/**/*.ts'],
    ignores: ['cli/**/*.test.ts'],
    rules: boundary(
      ['electron', 'web-host', 'renderer', 'sandbox'],
      'A host imports engine/ and shared/ only (the sandbox through engine/).',
    ),
  },
  {
    files: ['sandbox/**/*.ts'],
    ignores: ['sandbox/**/*.test.ts'],
    rules: boundary(
      ['electron', 'engine', 'web-host', 'cli', 'renderer'],
      'The sandbox is a Tableau server: it imports only shared/.',
    ),
  },
  { files: ['renderer/**/*.test.{ts,tsx}'], rules: { 'no-restricted-imports': 'off' } },
);
