/** A legacy entry whose kubeconfig file is not in the directory. */
import { istioEntries } from '../istio';
import { isObject, propertyValue } from '../parse';
import { baseName, dirName } from '../text';
import { type Rule, finding, rangeOf } from './rule';

export const missingLegacyKubeconfig: Rule = {
  id: 'missing-legacy-kubeconfig',
  title: 'Legacy istio-cni kubeconfig is missing',
  severity: 'error',
  source:
    'istio/istio cni/pkg/plugin/plugin.go@1.22.0 (kubernetes.kubeconfig); cni/pkg/install/kubeconfig.go@1.22.0',
  fixable: false,
  description:
    'Pre-1.23 entries point `kubernetes.kubeconfig` at a file in the CNI config directory (usually ' +
    '`ZZZ-istio-cni-kubeconfig`). If that file is gone, the plugin has no credentials and every pod creation fails ' +
    '(`localhost:8080 connection refused`). Only checked when the path is inside a `cni/net.d` directory.',
  check(model) {
    return model.candidates.flatMap((file) =>
      istioEntries(file).flatMap((e) => {
        const k8s = e.value.kubernetes;
        const path = isObject(k8s) && typeof k8s.kubeconfig === 'string' ? k8s.kubeconfig : undefined;
        if (!path || !/cni\/net\.d$/.test(dirName(path)) || model.byName.has(baseName(path))) return [];
        return [
          finding(
            this,
            file,
            rangeOf(file, propertyValue(propertyValue(e.node, 'kubernetes'), 'kubeconfig')),
            `The plugin kubeconfig ${baseName(path)} is not in this directory: istio-cni has no credentials, so pod creation fails.`,
          ),
        ];
      }),
    );
  },
};
