// Three bundles into dist/: the extension (loaded by VS Code), the language server (started by
// the extension as a separate Node process over IPC) and the CLI. Only 'vscode' is external:
// the .vsix ships no node_modules.
'use strict';
const path = require('path');
const webpack = require('webpack');

/** @param {string} name @param {string} entry @param {Partial<import('webpack').Configuration>} extra */
function bundle(name, entry, extra = {}) {
  return {
    name,
    target: 'node',
    entry: { [name]: entry },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      libraryTarget: 'commonjs2',
      chunkFilename: `${name}.[name].js`,
    },
    devtool: 'nosources-source-map',
    externals: { vscode: 'commonjs vscode' },
    resolve: {
      extensions: ['.ts', '.js', '.mjs'],
      // `import('./x.js')` (what Node needs at run time from out/) is ./x.ts in the source.
      extensionAlias: { '.js': ['.ts', '.js'] },
      conditionNames: ['node', 'import', 'require', 'default'],
    },
    module: {
      rules: [
        {
          // client-node's generated APIs and models have no import-time side effects: only what
          // its config module uses is bundled (issue 15: start-up).
          test: /[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]gen[\\/]/,
          sideEffects: false,
        },
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: [
            {
              loader: 'ts-loader',
              options: {
                transpileOnly: true,
                compilerOptions: { module: 'es2022', moduleResolution: 'bundler', sourceMap: true },
              },
            },
          ],
        },
      ],
    },
    optimization: { minimize: true },
    performance: { hints: false },
    stats: 'errors-warnings',
    ignoreWarnings: [/Critical dependency/, /Can't resolve '(bufferutil|utf-8-validate)'/],
    ...extra,
  };
}

module.exports = [
  bundle('extension', './src/extension/main.ts'),
  bundle('server', './src/server/main.ts'),
  bundle('logWorker', './src/extension/logs/userPatternWorker.ts'),
  bundle('cli', './src/cli/bin.ts', {
    plugins: [new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true })],
  }),
];
