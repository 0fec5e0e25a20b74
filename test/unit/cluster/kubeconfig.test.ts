import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { type ClusterFailure } from '../../../src/cluster/clusterClient';
import {
  createKubeClusterClient,
  type KubeClientOptions,
  listKubeContexts,
} from '../../../src/cluster/kube/kubeClusterClient';
import { kubeconfigFor } from '../../apiserver/kubeconfig';
import { type TestApiServer } from '../../apiserver/server';
import { cleanupTemp, startServer, tempFile } from './harness';

const CA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

function config(
  overrides: { clusters?: unknown; users?: unknown; contexts?: unknown; current?: string | null } = {},
): string {
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: overrides.clusters ?? [
      { name: 'c', cluster: { server: 'https://127.0.0.1:1', 'certificate-authority-data': CA } },
    ],
    users: overrides.users ?? [{ name: 'u', user: { token: 't' } }],
    contexts: overrides.contexts ?? [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
    ...(overrides.current === null ? {} : { 'current-context': overrides.current ?? 'ctx' }),
  });
}

async function failure(options: Partial<KubeClientOptions>): Promise<ClusterFailure> {
  const result = await createKubeClusterClient({
    allowExecPlugins: false,
    env: {},
    homeDir: '/nonexistent-home',
    ...options,
  });
  if (result.ok) {
    result.value.dispose();
    assert.fail('expected a failure');
  }
  return result.error;
}

const fileWith = (text: string | Buffer): string => tempFile('config', text);

describe('kubeconfig loading', () => {
  after(cleanupTemp);

  it('no kubeconfig anywhere, a named file that does not exist, KUBECONFIG with only missing files', async () => {
    const none = await failure({});
    assert.strictEqual(none.kind, 'no-kubeconfig');
    assert.match(none.message, /nonexistent-home.*\.kube.*config/);
    const named = await failure({ file: '/nonexistent/kubeconfig' });
    assert.deepStrictEqual(
      [named.kind, /\/nonexistent\/kubeconfig does not exist/.test(named.message)],
      ['no-kubeconfig', true],
    );
    const env = await failure({ env: { KUBECONFIG: ['/nope/a', '/nope/b'].join(path.delimiter) } });
    assert.strictEqual(env.kind, 'no-kubeconfig');
  });

  const broken: [string, () => string, RegExp][] = [
    ['an empty file', () => fileWith('  \n'), /is empty/],
    ['a binary file', () => fileWith(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3])), /binary/],
    ['invalid YAML', () => fileWith('clusters: [\n  - name: x\n   bad: : :'), /not valid/],
    ['a directory', () => path.dirname(fileWith('x')), /is a directory/],
    [
      'a cluster without a server',
      () => fileWith(config({ clusters: [{ name: 'c', cluster: {} }] })),
      /server is missing/,
    ],
    ['no contexts', () => fileWith(config({ contexts: [] })), /has no contexts/],
    ['no current-context', () => fileWith(config({ current: null })), /no current-context.*ctx/],
    [
      'a current-context that does not exist',
      () => fileWith(config({ current: 'gone' })),
      /Context "gone" is not in the kubeconfig\. Available: ctx/,
    ],
    [
      'a context pointing at a missing cluster',
      () => fileWith(config({ contexts: [{ name: 'ctx', context: { cluster: 'nope', user: 'u' } }] })),
      /cluster "nope", which is not in/,
    ],
    [
      'a context pointing at a missing user',
      () => fileWith(config({ contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'nope' } }] })),
      /user "nope", which is not in/,
    ],
    [
      'certificate-authority-data that is not a PEM',
      () =>
        fileWith(
          config({
            clusters: [
              {
                name: 'c',
                cluster: { server: 'https://x', 'certificate-authority-data': 'bm90IGEgY2VydA==' },
              },
            ],
          }),
        ),
      /not a base64-encoded PEM/,
    ],
    [
      'a certificate-authority file that does not exist',
      () =>
        fileWith(
          config({
            clusters: [
              { name: 'c', cluster: { server: 'https://x', 'certificate-authority': 'missing-ca.crt' } },
            ],
          }),
        ),
      /missing-ca\.crt does not exist/,
    ],
    [
      'a server that is not a URL',
      () => fileWith(config({ clusters: [{ name: 'c', cluster: { server: 'not a url' } }] })),
      /invalid server URL/,
    ],
    [
      'a deeply nested document',
      () => fileWith(`${'['.repeat(5000)}${']'.repeat(5000)}`),
      /no contexts|not valid/,
    ],
  ];
  for (const [what, make, message] of broken) {
    it(`bad-kubeconfig for ${what}`, async () => {
      const f = await failure({ file: make() });
      assert.strictEqual(f.kind, 'bad-kubeconfig', f.message);
      assert.match(f.message, message);
    });
  }

  it('merges a multi-path KUBECONFIG, skipping missing files, first definition wins', async () => {
    const a = fileWith(config());
    const b = fileWith(
      config({
        clusters: [{ name: 'c2', cluster: { server: 'https://127.0.0.2:1' } }],
        users: [{ name: 'u', user: { token: 'other' } }],
        contexts: [
          { name: 'ctx', context: { cluster: 'c2', user: 'u' } },
          { name: 'second', context: { cluster: 'c2', user: 'u' } },
        ],
        current: 'second',
      }),
    );
    const listed = await listKubeContexts({ env: { KUBECONFIG: ['/nope', a, b].join(path.delimiter) } });
    assert.ok(listed.ok);
    assert.deepStrictEqual(listed.value, { contexts: ['ctx', 'second'], current: 'ctx' });
    const client = await createKubeClusterClient({
      env: { KUBECONFIG: [a, b].join(path.delimiter) },
      context: 'second',
      allowExecPlugins: false,
    });
    assert.ok(client.ok);
    assert.deepStrictEqual(client.value.info(), {
      context: 'second',
      server: 'https://127.0.0.2:1',
      source: 'live',
    });
    client.value.dispose();
  });

  it('uses ~/.kube/config when KUBECONFIG is not set', async () => {
    const home = path.dirname(fileWith('x'));
    fs.mkdirSync(path.join(home, '.kube'));
    fs.writeFileSync(path.join(home, '.kube', 'config'), config());
    const client = await createKubeClusterClient({ env: {}, homeDir: home, allowExecPlugins: false });
    assert.ok(client.ok);
    assert.strictEqual(client.value.info().context, 'ctx');
    client.value.dispose();
  });

  it('refuses a legacy auth-provider with cmd-path', async () => {
    const f = await failure({
      file: fileWith(
        config({
          users: [
            {
              name: 'u',
              user: {
                'auth-provider': {
                  name: 'gcp',
                  config: { 'cmd-path': '/usr/bin/gcloud', 'cmd-args': 'config config-helper' },
                },
              },
            },
          ],
        }),
      ),
    });
    assert.strictEqual(f.kind, 'exec-plugin-blocked');
    assert.match(f.message, /legacy "gcp" auth-provider/);
  });
});

describe('exec credential plugins', function () {
  this.timeout(8000);
  let server: TestApiServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.stop();
    cleanupTemp();
  });

  function script(body: string): string {
    const file = tempFile('plugin.sh', `#!/bin/sh\n${body}\n`);
    fs.chmodSync(file, 0o755);
    return file;
  }
  function execConfig(command: string): string {
    const base = yaml.load(kubeconfigFor(server)) as { users: { name: string; user: unknown }[] };
    base.users = [
      {
        name: base.users[0]?.name ?? 'u',
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command,
            args: ['get-token'],
            env: [{ name: 'ICD_TOKEN', value: server.token }],
          },
        },
      },
    ];
    return tempFile('config', yaml.dump(base, { lineWidth: -1 }));
  }
  const credential =
    'printf \'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}\' "$ICD_TOKEN"';

  it('is blocked in an untrusted workspace (allowExecPlugins false), naming the command', async () => {
    const f = await failure({ file: execConfig('aws') });
    assert.strictEqual(f.kind, 'exec-plugin-blocked');
    assert.match(f.message, /"aws"/);
  });

  it('runs when allowed, and its token authenticates the lists', async () => {
    const client = await createKubeClusterClient({
      file: execConfig(script(credential)),
      allowExecPlugins: true,
      execPath: process.env.PATH ?? '',
      readCniLogs: false,
    });
    assert.ok(client.ok);
    const loaded = await client.value.load();
    client.value.dispose();
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.error));
    assert.strictEqual(loaded.value.cniPods.length, 3);
  });

  const failures: [string, () => string, RegExp, number][] = [
    [
      'a plugin that hangs is killed after the timeout',
      () => script('sleep 30'),
      /did not finish within 1 s/,
      3000,
    ],
    [
      'a plugin that exits 1 shows its stderr',
      () => script('echo "token expired, run aws sso login" >&2; exit 1'),
      /exited with code 1: token expired, run aws sso login/,
      3000,
    ],
    ['a plugin that prints something else', () => script('echo hello'), /not an ExecCredential/, 3000],
    ['a plugin that is not installed', () => 'icd-no-such-plugin', /was not found on PATH/, 3000],
  ];
  for (const [what, command, message, within] of failures) {
    it(what, async () => {
      const client = await createKubeClusterClient({
        file: execConfig(command()),
        allowExecPlugins: true,
        execTimeoutMs: 1000,
        execPath: process.env.PATH ?? '',
      });
      assert.ok(client.ok);
      const started = Date.now();
      const loaded = await client.value.load();
      client.value.dispose();
      assert.ok(!loaded.ok);
      assert.strictEqual(loaded.error.kind, 'exec-plugin-failed');
      assert.match(loaded.error.message, message);
      assert.ok(Date.now() - started < within);
    });
  }
});
