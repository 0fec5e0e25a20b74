/**
 * The kubectl command equivalent to looking at a row, for "Copy kubectl command": what a user
 * would paste into a terminal (or a ticket) to see the same thing. Built by kubectlLine, so it
 * carries the connection's --kubeconfig/--context, quotes every argument and refuses hostile
 * names (a snapshot is not a connection: its commands name no context).
 */
import { fail, type Result } from '../result';
import { invalidName, type KubectlConnection, kubectlLine } from '../shell/kubectlLine';
import type { ExplorerItem } from './item';

/** The connection of the explorer as kubectl flags; a snapshot (`snapshot:…`) has none. */
export function kubectlConnection(context: string, kubeconfig = ''): KubectlConnection {
  if (!context || context.startsWith('snapshot:')) return {};
  return { context, ...(kubeconfig ? { kubeconfig } : {}) };
}

export function kubectlCommand(item: ExplorerItem, conn: KubectlConnection): Result<string, string> {
  const t = item.target;
  switch (item.kind) {
    case 'cniPod':
      if (t.pod)
        return kubectlLine(conn, [
          'logs',
          '-n',
          { namespace: t.pod.namespace },
          { name: t.pod.name },
          '-c',
          'install-cni',
        ]);
      break;
    case 'pod':
      if (t.pod)
        return kubectlLine(conn, [
          'describe',
          'pod',
          '-n',
          { namespace: t.pod.namespace },
          { name: t.pod.name },
        ]);
      break;
    case 'node':
      if (t.node) {
        const bad = invalidName('name', t.node);
        if (bad) return fail(`refusing to build a kubectl command: ${bad}`);
        return kubectlLine(conn, [
          'get',
          'pods',
          '-A',
          '-o',
          'wide',
          `--field-selector=spec.nodeName=${t.node}`,
        ]);
      }
      break;
    case 'owner':
      if (t.owner)
        return kubectlLine(conn, [
          'describe',
          { kind: t.owner.kind.toLowerCase() },
          '-n',
          { namespace: t.owner.namespace },
          { name: t.owner.name },
        ]);
      break;
    case 'daemonSet':
      return kubectlLine(conn, ['get', 'ds', '-A', '-l', 'k8s-app=istio-cni-node', '-o', 'wide']);
    case 'cluster':
      return conn.context
        ? kubectlLine(conn.kubeconfig ? { kubeconfig: conn.kubeconfig } : {}, [
            'config',
            'use-context',
            // A context name is free text: `--` keeps one that starts with `-` from being an option.
            ...(conn.context.startsWith('-') ? ['--'] : []),
            conn.context,
          ])
        : kubectlLine({}, ['config', 'get-contexts']);
    default:
      break;
  }
  if (item.kind === 'pod' || item.kind === 'cniPod' || item.kind === 'owner' || item.kind === 'node')
    return fail('this row names no object to build a command for');
  return kubectlLine(conn, ['get', 'pods', '-A', '-l', 'k8s-app=istio-cni-node', '-o', 'wide']);
}
