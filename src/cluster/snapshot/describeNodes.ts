/**
 * Nodes from `kubectl describe nodes` text, which is all an `istioctl bug-report` keeps of them
 * (`cluster/nodes`): name, labels, taints and the Ready condition, the fields the health model
 * reads. Anything else in the text is ignored.
 */
import type { K8sNode } from '../../core/health/k8s';

type Field = 'labels' | 'taints' | 'conditions' | undefined;

export function parseDescribeNodes(text: string): K8sNode[] {
  const nodes: K8sNode[] = [];
  let current: K8sNode | undefined;
  let field: Field;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const top = /^([A-Za-z][A-Za-z ]*):\s*(.*)$/.exec(line);
    if (top) {
      const [, key, value = ''] = top;
      field = undefined;
      if (key === 'Name') {
        current = {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: value.trim(), labels: {} },
          spec: {},
          status: { conditions: [] },
        };
        nodes.push(current);
        continue;
      }
      if (!current) continue;
      if (key === 'Labels') {
        field = 'labels';
        addLabel(current, value);
      } else if (key === 'Taints') {
        field = 'taints';
        addTaint(current, value);
      } else if (key === 'Conditions') field = 'conditions';
      continue;
    }
    if (!current || !/^\s/.test(line)) continue;
    if (field === 'labels') addLabel(current, line);
    else if (field === 'taints') addTaint(current, line);
    else if (field === 'conditions') addCondition(current, line);
  }
  return nodes.filter((n) => n.metadata?.name);
}

function addLabel(node: K8sNode, text: string): void {
  const m = /^\s*([^=\s]+)=(\S*)\s*$/.exec(text);
  if (m?.[1] && node.metadata?.labels) node.metadata.labels[m[1]] = m[2] ?? '';
}

function addTaint(node: K8sNode, text: string): void {
  const t = text.trim();
  const m = /^([^=:\s]+)(?:=([^:\s]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(t);
  if (!m?.[1] || !node.spec) return;
  (node.spec.taints ??= []).push({ key: m[1], value: m[2], effect: m[3] });
}

function addCondition(node: K8sNode, text: string): void {
  const m = /^\s+(Ready)\s+(True|False|Unknown)\s/.exec(text);
  if (m) node.status?.conditions?.push({ type: m[1], status: m[2] });
}
