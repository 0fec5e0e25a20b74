// Lint config. The import rules below are the architecture (see ARCHITECTURE.md, "Import rules"):
// arrows point one way, and only src/extension may import 'vscode'. They are regex `patterns`, not
// exact `paths`, so subpaths (`fs/promises`, `vscode-languageserver/node`) and the `node:` prefix
// are caught too. src/core and src/protocol are allow-lists: anything not named is refused (every
// Node built-in with or without `node:`, ws, ...). test/unit/lint/importRules.test.ts lints a
// wrong-way import in every folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const LSP_LIBS =
  '^vscode-(languageserver|languageclient|languageserver-textdocument|languageserver-protocol|jsonrpc)(/.*)?$';
const KUBE_LIB = '^@kubernetes/';
const VSCODE = '^vscode$';
const WS = '^ws(/.*)?$';
/** A relative import that reaches into one of these src/ folders (`../../cluster/kube/podExec`). */
const into = (...folders) => `^\\.{1,2}/(.*/)?(${folders.join('|')})(/|$)`;

/** `no-restricted-imports` with one message per forbidden group. */
const restrict = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map(([regex, message]) => ({ regex, message })) }],
});

/** `import('x')` and `require('x')` would slip past no-restricted-imports; the pure folders use neither. */
const noDynamicImports = (message) => ({
  'no-restricted-syntax': [
    'error',
    { selector: 'ImportExpression', message },
    { selector: "CallExpression[callee.name='require']", message },
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
    rules: {
      ...restrict(
        [
          '^(?!\\.{1,2}/|jsonc-parser$)',
          'src/core is pure: it imports other src/core files and jsonc-parser only (no Node built-ins, vscode, LSP, client-node or ws).',
        ],
        [
          into('protocol', 'cluster', 'server', 'extension', 'cli'),
          'src/core imports nothing outside src/core: every other folder imports core, not the other way.',
        ],
      ),
      ...noDynamicImports('src/core is pure: no dynamic import() or require().'),
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      ...restrict(
        [
          '^(?!\\.{1,2}/|vscode-languageserver-protocol$)',
          'src/protocol is the client/server contract: src/core types and vscode-languageserver-protocol only.',
        ],
        [into('cluster', 'server', 'extension', 'cli'), 'src/protocol imports src/core types only.'],
      ),
      ...noDynamicImports('src/protocol is data: no dynamic import() or require().'),
    },
  },
  {
    files: ['src/cluster/**/*.ts'],
    ignores: ['src/cluster/kube/**'],
    rules: restrict(
      [KUBE_LIB, 'Only src/cluster/kube imports @kubernetes/client-node.'],
      [VSCODE, 'src/cluster never imports vscode: the extension and the CLI both use it.'],
      [LSP_LIBS, 'src/cluster never imports the LSP libraries.'],
      [into('server', 'extension', 'cli', 'protocol'), 'src/cluster imports src/core and Node I/O only.'],
    ),
  },
  {
    files: ['src/cluster/kube/**/*.ts'],
    rules: restrict(
      [VSCODE, 'src/cluster/kube is the client-node adapter: no vscode.'],
      [LSP_LIBS, 'src/cluster/kube is the client-node adapter: no LSP libraries.'],
      [
        into('server', 'extension', 'cli', 'protocol'),
        'src/cluster/kube imports src/core and src/cluster only.',
      ],
    ),
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      ...restrict(
        [VSCODE, 'src/server runs outside VS Code: no vscode.'],
        [KUBE_LIB, 'src/server is a thin LSP adapter over core: no cluster access.'],
        [WS, 'src/server is a thin LSP adapter over core: no cluster access.'],
        ['^vscode-languageclient(/.*)?$', 'src/server is the server side of LSP: no vscode-languageclient.'],
        [into('cluster', 'extension', 'cli'), 'src/server imports src/core and src/protocol only.'],
      ),
      // stdout is the LSP transport for a stdio server; log through connection.console.
      'no-console': 'error',
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(
      [VSCODE, 'src/cli runs outside VS Code: no vscode.'],
      [KUBE_LIB, 'src/cli reaches the cluster through src/cluster, never client-node.'],
      [LSP_LIBS, 'src/cli uses core, cluster and protocol; no LSP libraries.'],
      [into('server', 'extension'), 'src/cli uses core, cluster and protocol only.'],
    ),
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: restrict(
      [KUBE_LIB, 'src/extension reaches clusters through the src/cluster interfaces, never client-node.'],
      [WS, 'src/extension reaches clusters through the src/cluster interfaces.'],
      [
        '^vscode-languageserver(/.*)?$',
        'src/extension talks to the server over LSP (vscode-languageclient), never its library.',
      ],
      [
        '^\\.{1,2}/(.*/)?cluster/kube(/|$)',
        'src/extension uses the src/cluster interfaces (ClusterClient), not the client-node adapter in src/cluster/kube.',
      ],
      [into('server', 'cli'), 'src/extension talks to the server over LSP and never imports the CLI.'],
    ),
  },
  {
    files: ['test/unit/**/*.ts'],
    rules: restrict(
      [VSCODE, 'Unit tests run in plain Node: no vscode.'],
      [into('extension'), 'Unit tests run in plain Node: src/extension needs vscode.'],
    ),
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
