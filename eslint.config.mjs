// Lint config. The import rules below are the architecture (see ARCHITECTURE.md):
// arrows point one way, and only src/extension may import 'vscode'.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeIo = [
  'fs',
  'fs/*',
  'node:fs',
  'node:fs/*',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'child_process',
  'node:child_process',
  'tls',
  'node:tls',
  'worker_threads',
  'node:worker_threads',
];
const lspLibs = [
  'vscode-languageserver',
  'vscode-languageserver/*',
  'vscode-languageclient',
  'vscode-languageclient/*',
  'vscode-languageserver-textdocument',
];
const restrict = (paths, patterns, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      '.vscode-test/',
      'test-artifacts/',
      'test/fixtures/',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(
      ['vscode', '@kubernetes/client-node', ...nodeIo, ...lspLibs],
      ['**/extension/**', '**/server/**', '**/cluster/**', '**/cli/**'],
      'src/core is pure: data in, data out. No vscode, LSP, client-node or I/O.',
    ),
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: restrict(
      ['vscode', '@kubernetes/client-node', ...nodeIo],
      ['**/extension/**', '**/server/**', '**/cluster/**', '**/cli/**'],
      'src/protocol is the client/server contract only.',
    ),
  },
  {
    files: ['src/cluster/**/*.ts'],
    ignores: ['src/cluster/kube/**'],
    rules: restrict(
      ['vscode', '@kubernetes/client-node', ...lspLibs],
      ['**/extension/**', '**/server/**', '**/cli/**', '@kubernetes/*'],
      'Only src/cluster/kube imports @kubernetes/client-node; src/cluster never imports vscode or LSP.',
    ),
  },
  {
    files: ['src/cluster/kube/**/*.ts'],
    rules: restrict(
      ['vscode', ...lspLibs],
      ['**/extension/**', '**/server/**', '**/cli/**'],
      'src/cluster/kube is the client-node adapter; no vscode or LSP.',
    ),
  },
  {
    files: ['src/server/**/*.ts'],
    rules: restrict(
      ['vscode', '@kubernetes/client-node', 'vscode-languageclient'],
      ['**/extension/**', '**/cli/**', '**/cluster/**'],
      'src/server is a thin LSP adapter over core: no vscode, no cluster access.',
    ),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(
      ['vscode', '@kubernetes/client-node', ...lspLibs],
      ['**/extension/**', '**/server/**'],
      'src/cli uses core and cluster only.',
    ),
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: restrict(
      ['@kubernetes/client-node', 'vscode-languageserver', 'vscode-languageserver/*'],
      ['**/server/**', '**/cli/**'],
      'src/extension talks to the server over LSP and to clusters through src/cluster.',
    ),
  },
  {
    files: ['test/unit/**/*.ts'],
    rules: restrict(['vscode'], ['**/src/extension/**'], 'Unit tests run in plain Node: no vscode.'),
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
