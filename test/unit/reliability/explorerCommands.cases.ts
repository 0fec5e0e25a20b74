/**
 * Explorer commands with hostile names (issue 10, "Shell injection in Copy kubectl command"):
 * an ownerReference `kind` is free text in a live cluster and fully controlled in a shared
 * bug-report, and a name starting with `-` becomes a kubectl option. Each copied command is
 * run by a real `sh` with `kubectl` defined as a function that prints its argv, so a case
 * fails if the shell would run anything else or split an argument differently.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import type { ExplorerItem } from '../../../src/core/explorer/item';
import { kubectlCommand, kubectlConnection } from '../../../src/core/explorer/kubectl';
import type { ReliabilityArea } from './reliabilityCase';

const row = (kind: ExplorerItem['kind'], target: ExplorerItem['target']): ExplorerItem => ({
  id: 'x',
  kind,
  label: '',
  description: '',
  tooltip: '',
  icon: '',
  color: undefined,
  contextValue: '',
  collapsible: 'none',
  children: [],
  target,
});

/** The argv `sh` hands to kubectl for `line`, or throws when the line runs anything but kubectl. */
function argvOf(line: string): string[] {
  const out = execFileSync(
    '/bin/sh',
    ['-c', `kubectl() { printf '%s\\0' "$@"; }\n${line}\nprintf 'END\\0'`],
    {
      encoding: 'utf8',
      env: { PATH: '/nonexistent' },
    },
  );
  const words = out.split('\0');
  assert.strictEqual(words.at(-1), '', 'output ends with a NUL');
  assert.strictEqual(words.at(-2), 'END', `the line ran something after kubectl: ${JSON.stringify(out)}`);
  return words.slice(0, -2);
}

function refused(item: ExplorerItem, context = 'kind-demo'): void {
  const r = kubectlCommand(item, kubectlConnection(context));
  assert.ok(typeof r === 'object' && r !== null && 'ok' in r, `no refusal: ${JSON.stringify(r)}`);
  assert.strictEqual(r.ok, false, `built ${r.ok ? r.value : ''}`);
  if (!r.ok) assert.match(r.error, /not a valid Kubernetes/);
}

function built(item: ExplorerItem, context: string, kubeconfig = ''): string {
  const r = kubectlCommand(item, kubectlConnection(context, kubeconfig));
  const line = typeof r === 'string' ? r : r.ok ? r.value : assert.fail(r.error);
  return line;
}

export const area: ReliabilityArea = {
  title: 'Explorer commands (copied kubectl commands)',
  order: 70,
  cases: [
    {
      id: 'kubectl-owner-kind-shell-metacharacters',
      fault: 'ownerReference kind `Deployment;touch /tmp/pwned #` (a crafted bug-report)',
      behaviour: '"Copy kubectl command" refuses: the kind is not a valid Kubernetes kind; nothing is copied',
      run: () =>
        refused(
          row('owner', {
            owner: { namespace: 'bookinfo', kind: 'Deployment;touch /tmp/pwned #', name: 'x' },
          }),
        ),
    },
    {
      id: 'kubectl-owner-kind-command-substitution',
      fault: 'ownerReference kind `$(id)`',
      behaviour: 'refused as not a valid kind; never expanded by the shell',
      run: () => refused(row('owner', { owner: { namespace: 'bookinfo', kind: '$(id)', name: 'x' } })),
    },
    {
      id: 'kubectl-pod-name-leading-dash',
      fault: 'pod name `--kubeconfig=/tmp/evil` (kubectl option injection)',
      behaviour: 'refused: not a valid object name (names start with a letter or digit)',
      run: () =>
        refused(row('pod', { pod: { namespace: 'bookinfo', name: '--kubeconfig=/tmp/evil', node: 'w1' } })),
    },
    {
      id: 'kubectl-namespace-leading-dash',
      fault: 'namespace `-A` on an istio-cni-node row',
      behaviour: 'refused: not a valid namespace',
      run: () => refused(row('cniPod', { pod: { namespace: '-A', name: 'istio-cni-node-x', node: 'w1' } })),
    },
    {
      id: 'kubectl-node-name-with-spaces',
      fault: "node name `w1 --all-namespaces'; rm -rf ~'`",
      behaviour: 'refused: not a valid node name',
      run: () => refused(row('node', { node: "w1 --all-namespaces'; rm -rf ~'" })),
    },
    {
      id: 'kubectl-context-hostile',
      fault: "context name `-x'$(id)` and a kubeconfig path with spaces and quotes",
      behaviour:
        'the command runs as pasted: kubectl gets `--kubeconfig=…` and `--context=…` as single words, nothing else runs',
      run: () => {
        const ctx = "-x'$(id)`id`";
        const file = "/home/o'neil/my configs/k.yaml";
        const line = built(
          row('pod', { pod: { namespace: 'bookinfo', name: 'details-v2-1', node: 'w4' } }),
          ctx,
          file,
        );
        assert.deepStrictEqual(argvOf(line), [
          `--kubeconfig=${file}`,
          `--context=${ctx}`,
          'describe',
          'pod',
          '-n',
          'bookinfo',
          'details-v2-1',
        ]);
      },
    },
    {
      id: 'kubectl-use-context-leading-dash',
      fault: 'context name `--token=x` on the cluster row ("kubectl config use-context")',
      behaviour: 'the context is passed after `--`, so kubectl reads it as the name, not an option',
      run: () => {
        const line = built(row('cluster', {}), '--token=x');
        assert.deepStrictEqual(argvOf(line), ['config', 'use-context', '--', '--token=x']);
      },
    },
    {
      id: 'kubectl-commands-carry-kubeconfig',
      fault: 'the explorer reads a non-default kubeconfig (setting istioCniDoctor.cluster.kubeconfig)',
      behaviour:
        'every copied command names that file and the context, so it reaches the same cluster as pasted',
      run: () => {
        const rows: ExplorerItem[] = [
          row('pod', { pod: { namespace: 'bookinfo', name: 'p', node: 'w1' } }),
          row('cniPod', { pod: { namespace: 'istio-system', name: 'istio-cni-node-x', node: 'w1' } }),
          row('node', { node: 'w1' }),
          row('owner', { owner: { namespace: 'bookinfo', kind: 'Deployment', name: 'd' } }),
          row('daemonSet', {}),
        ];
        for (const r of rows) {
          const argv = argvOf(built(r, 'kind-demo', '/tmp/demo kubeconfig'));
          assert.deepStrictEqual(
            argv.slice(0, 2),
            ['--kubeconfig=/tmp/demo kubeconfig', '--context=kind-demo'],
            r.kind,
          );
          assert.ok(!argv.some((a) => a.includes('<')), `placeholder in ${argv.join(' ')}`);
        }
      },
    },
  ],
};
