/**
 * The import arrows are lint rules (eslint.config.mjs); this lints in-memory files placed in each
 * folder with ESLint's Node API, so a rule that silently stops matching (an exact path where a
 * pattern was meant, a subpath, the `node:` prefix) fails here, and so does a rule that refuses
 * what the folder may import.
 */
import * as assert from 'assert';
import * as path from 'path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../../../..');
const RULES = new Set(['no-restricted-imports', 'no-restricted-syntax', 'no-console']);

/** Folder (a file path in it) → lines it must refuse, and lines it may use. */
const CASES: { file: string; refused: string[]; allowed: string[] }[] = [
  {
    file: 'src/core/cni/probe.ts',
    refused: [
      "import { readFile } from 'node:fs/promises';",
      "import * as fs from 'fs';",
      "import { readFileSync } from 'fs/promises';",
      "import * as zlib from 'zlib';",
      "import { Worker } from 'worker_threads';",
      "import * as http from 'node:http';",
      "import WebSocket from 'ws';",
      "import { createConnection } from 'vscode-languageserver/node';",
      "import { TextDocument } from 'vscode-languageserver-textdocument';",
      "import * as vscode from 'vscode';",
      "import * as k8s from '@kubernetes/client-node';",
      "import * as yaml from 'js-yaml';",
      "import type { ClusterClient } from '../../cluster/clusterClient';",
      "import { COMMANDS } from '../../protocol/ids';",
      "export { main } from '../../cli/main';",
      "export const load = () => import('fs');",
      "export const load = () => require('fs') as unknown;",
    ],
    allowed: ["import { parseTree } from 'jsonc-parser';", "import { lintDirectory } from '../cni/lint';"],
  },
  {
    file: 'src/protocol/probe.ts',
    refused: [
      "import * as fs from 'node:fs';",
      "import * as vscode from 'vscode';",
      "import { x } from '../server/server';",
      "import { x } from '../cluster/clusterClient';",
    ],
    allowed: [
      "import { RequestType } from 'vscode-languageserver-protocol';",
      "import type { Finding } from '../core/cni/types';",
    ],
  },
  {
    file: 'src/cluster/probe.ts',
    refused: [
      "import * as k8s from '@kubernetes/client-node';",
      "import * as vscode from 'vscode';",
      "import { createConnection } from 'vscode-languageserver/node';",
      "import { COMMANDS } from '../protocol/ids';",
      "import { main } from '../cli/main';",
    ],
    allowed: ["import * as fs from 'node:fs/promises';", "import { ok } from '../core/result';"],
  },
  {
    file: 'src/cluster/kube/probe.ts',
    refused: ["import * as vscode from 'vscode';", "import { x } from '../../extension/main';"],
    allowed: ["import * as k8s from '@kubernetes/client-node';", "import WebSocket from 'ws';"],
  },
  {
    file: 'src/server/probe.ts',
    refused: [
      "import * as vscode from 'vscode';",
      "import { LanguageClient } from 'vscode-languageclient/node';",
      "import { x } from '../cluster/clusterClient';",
      "import WebSocket from 'ws';",
      "console.log('stdout is the LSP transport');",
    ],
    allowed: [
      "import { createConnection } from 'vscode-languageserver/node';",
      "import { SETTINGS } from '../protocol/settings';",
    ],
  },
  {
    file: 'src/extension/explorer/probe.ts',
    refused: [
      "import { execRead } from '../../cluster/kube/podExec';",
      "import { x } from '../../cluster/kube';",
      "import * as k8s from '@kubernetes/client-node';",
      "import { createConnection } from 'vscode-languageserver/node';",
      "import { startServer } from '../../server/server';",
      "import { main } from '../../cli/main';",
    ],
    allowed: [
      "import * as vscode from 'vscode';",
      "import type { ClusterClient } from '../../cluster/clusterClient';",
      "import { LanguageClient } from 'vscode-languageclient/node';",
    ],
  },
  {
    file: 'src/cli/probe.ts',
    refused: [
      "import * as vscode from 'vscode';",
      "import * as k8s from '@kubernetes/client-node';",
      "import { x } from '../extension/main';",
    ],
    allowed: ["import { createKubeClusterClient } from '../cluster/kube/kubeClusterClient';"],
  },
  {
    file: 'test/unit/probe.test.ts',
    refused: ["import * as vscode from 'vscode';", "import { x } from '../../src/extension/main';"],
    allowed: ["import { main } from '../../src/cli/main';"],
  },
];

describe('import rules (eslint.config.mjs)', function () {
  // ESLint loads the config and the TypeScript parser once (a few seconds on a busy box).
  this.timeout(60_000);
  // Parsing without type information: only the syntactic import rules are asked for.
  const eslint = new ESLint({
    cwd: ROOT,
    ruleFilter: ({ ruleId }) => RULES.has(ruleId),
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  });

  async function problems(file: string, line: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${line}\n`, { filePath: path.join(ROOT, file) });
    return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
  }

  for (const { file, refused, allowed } of CASES) {
    const folder = path.dirname(file);
    it(`${folder}: refuses a wrong-way import, accepts what it may use`, async () => {
      for (const line of refused) {
        const found = await problems(file, line);
        assert.ok(
          found.length > 0 &&
            found.every((m) => /^no-(restricted-imports|restricted-syntax|console): /.test(m)),
          `${file}: expected an import-rule error for\n  ${line}\ngot ${JSON.stringify(found)}`,
        );
      }
      for (const line of allowed) {
        assert.deepStrictEqual(await problems(file, line), [], `${file}: ${line}`);
      }
    });
  }
});
