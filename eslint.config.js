// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// STYLE.md 6: imports go app -> sync -> domain and server -> sync -> domain; never app <-> server.
const boundary = (message, groups) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      '**/*.tmp.*',
      'dist/',
      'dist-*/',
      'test-results-*/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'data/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: globals.node } },
  {
    files: ['src/app/**/*.{ts,tsx}', 'tests/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: boundary('src/domain is pure: it imports nothing of ours outside domain, and no I/O or UI.', [
      '**/sync/**',
      '**/app/**',
      '**/server/**',
      'react',
      'react-dom',
      'dexie',
      '@ionic/*',
      'fastify',
      'pg',
      'node:*',
    ]),
  },
  {
    files: ['src/sync/**/*.ts'],
    rules: boundary('src/sync is the shared protocol: it imports only src/domain, no I/O or UI.', [
      '**/app/**',
      '**/server/**',
      'react',
      'react-dom',
      'dexie',
      '@ionic/*',
      'fastify',
      'pg',
      'node:*',
    ]),
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    rules: boundary('The app never imports the server (STYLE.md 6).', ['**/server/**', 'fastify', 'pg', '@electric-sql/*', 'node:*']),
  },
  {
    files: ['src/server/**/*.ts'],
    rules: boundary('The server never imports the app (STYLE.md 6).', ['**/app/**', 'react', 'react-dom', 'dexie', '@ionic/*']),
  },
  {
    // What a role may do is a named predicate in src/domain/permissions.ts, tested there; a page or a
    // route that compares a role to a literal re-decides a rule in its own words.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/domain/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "BinaryExpression[operator=/^[!=]==?$/]:matches([left.name='role'], [left.property.name='role'], [left.expression.property.name='role'], [right.name='role'], [right.property.name='role'], [right.expression.property.name='role']):matches([left.type='Literal'], [right.type='Literal'])",
          message: 'Compare no role to a literal outside src/domain: use (or add) a named predicate in src/domain/permissions.ts.',
        },
      ],
    },
  },
);
