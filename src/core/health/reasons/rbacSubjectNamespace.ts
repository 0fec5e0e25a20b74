import type { FindingDraft } from '../findings';
import { defineReason } from './reason';

/** The istio-cni ClusterRoleBinding names the ServiceAccount in another namespace (facts §D23, #17583). */
export const rbacSubjectNamespace = defineReason({
  id: 'rbac-subject-namespace',
  scope: 'install',
  title: 'istio-cni RBAC points at another namespace',
  cause:
    'A ClusterRoleBinding of istio-cni binds the istio-cni ServiceAccount of another namespace than the DaemonSet\'s (left over after moving the install), so the plugin and agent cannot read pods: old versions silently skip the pod (no redirection), newer ones fail with "Failed to get pod info".',
  fix: 'Re-install istio-cni in {namespace} so its ClusterRoleBindings are rendered again, or edit the binding\'s subject: kubectl patch clusterrolebinding {binding} --type json -p \'[{"op":"replace","path":"/subjects/{index}/namespace","value":"{namespace}"}]\'',
  evidence:
    'ClusterRoleBindings `istio-cni`, `istio-cni-repair-rolebinding`, `istio-cni-ambient` whose ServiceAccount subject `istio-cni` is in another namespace than the `istio-cni-node` DaemonSet',
  refs: ['D23', 'istio/istio#17583'],
  scenario: 'node-evidence',
  look: { icon: 'shield', severity: 'error' },
  detect: (view) => {
    const ns = view.install?.namespace;
    if (!ns) return [];
    const out: FindingDraft[] = [];
    for (const b of view.clusterRoleBindings) {
      const sa = b.subjects?.find((s) => s.kind === 'ServiceAccount' && s.name === 'istio-cni');
      if (!sa || !sa.namespace || sa.namespace === ns) continue;
      const name = b.metadata?.name ?? '';
      out.push({
        subject: `ClusterRoleBinding/${name}`,
        node: '',
        detail: `${name} binds ServiceAccount ${sa.namespace}/istio-cni, but istio-cni-node runs in ${ns}`,
        vars: { binding: name, namespace: ns, index: String(b.subjects?.indexOf(sa) ?? 0) },
      });
    }
    return out;
  },
});
