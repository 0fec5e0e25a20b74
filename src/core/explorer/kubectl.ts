/**
 * The kubectl command equivalent to looking at a row, for "Copy kubectl command": what a user
 * would paste into a terminal (or a ticket) to see the same thing.
 */
import type { ExplorerItem } from './item';

const q = (s: string): string => (/^[A-Za-z0-9._\-/:=@]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function kubectlCommand(item: ExplorerItem, context: string): string {
  const ctx = context && !context.startsWith('snapshot:') ? ` --context ${q(context)}` : '';
  const t = item.target;
  switch (item.kind) {
    case 'cniPod':
      if (t.pod) return `kubectl${ctx} logs -n ${q(t.pod.namespace)} ${q(t.pod.name)} -c install-cni`;
      break;
    case 'pod':
      if (t.pod) return `kubectl${ctx} describe pod -n ${q(t.pod.namespace)} ${q(t.pod.name)}`;
      break;
    case 'node':
      if (t.node) return `kubectl${ctx} get pods -A -o wide --field-selector spec.nodeName=${q(t.node)}`;
      break;
    case 'owner':
      if (t.owner)
        return `kubectl${ctx} describe ${t.owner.kind.toLowerCase()} -n ${q(t.owner.namespace)} ${q(t.owner.name)}`;
      break;
    case 'daemonSet':
      return `kubectl${ctx} get ds -A -l k8s-app=istio-cni-node -o wide`;
    case 'cluster':
      return context && !context.startsWith('snapshot:')
        ? `kubectl config use-context ${q(context)}`
        : 'kubectl config get-contexts';
    default:
      break;
  }
  return `kubectl${ctx} get pods -A -l k8s-app=istio-cni-node -o wide`;
}
