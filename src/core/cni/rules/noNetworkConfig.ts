/**
 * Nothing in the directory is a usable network config: the runtime reports "cni plugin not
 * initialized" and the kubelet keeps the node NotReady. That includes an empty directory and
 * one holding only leftovers (`ZZZ-istio-cni-kubeconfig`, `*.cilium_bak`, a kubeconfig).
 */
import { type Finding } from '../types';
import { type Rule, finding, rangeOf } from './rule';

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export const noNetworkConfig: Rule = {
  id: 'no-network-config',
  title: 'No loadable CNI config in the directory',
  severity: 'error',
  source:
    'containerd internal/cri (cni plugin not initialized); istio/istio cni/pkg/install/cniconfig.go@1.30.3 (getDefaultCNINetwork: "no networks found")',
  fixable: false,
  description:
    'If no `.conf`, `.conflist` or `.json` file in the directory can be loaded (the directory is empty, holds only ' +
    'leftovers such as `ZZZ-istio-cni-kubeconfig` or `*.cilium_bak`, or every config is invalid), the runtime ' +
    'reports "cni plugin not initialized", the node goes NotReady and no pod can start on it. A chained istio-cni ' +
    'install waits ("Waiting for CNI network config file to be written") until the primary CNI writes its config: ' +
    "check that the primary CNI's node agent is running on the node.",
  check(model) {
    if (model.effective) return [];
    if (model.candidates.length > 0) {
      return model.candidates.map((file) =>
        finding(
          this,
          file,
          rangeOf(file),
          `No loadable CNI config in this directory (${file.name}: ${file.invalidReason ?? 'invalid'}): the node goes NotReady ("cni plugin not initialized") and no pod can start.`,
        ),
      );
    }
    const what =
      model.files.length === 0
        ? 'the directory is empty'
        : `it holds only ${model.files.length === 1 ? 'a file that is not a network config' : 'files that are not network configs'} (${model.files
            .slice(0, 5)
            .map((f) => f.name)
            .join(', ')}${model.files.length > 5 ? ` and ${model.files.length - 5} more` : ''})`;
    const message = `No CNI network config: ${what}, so the runtime reports "cni plugin not initialized", the node goes NotReady and no pod can start. The primary CNI (Calico, Cilium, ...) writes its .conf/.conflist here when its node agent runs; check it.`;
    if (model.files.length > 0)
      return model.files.slice(0, 10).map((file) => finding(this, file, rangeOf(file), message));
    if (!model.directory) return [];
    const f: Finding = {
      file: model.directory,
      range: ZERO,
      severity: this.severity,
      ruleId: this.id,
      message,
      related: [],
    };
    return [f];
  },
};
