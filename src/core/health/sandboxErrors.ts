/**
 * Classifies the error text of a `FailedCreatePodSandBox` event that names istio-cni
 * (facts §A.4.1 rows 1-17). A small stand-alone classifier with one entry point, so it can be
 * swapped for the full log pattern catalog (src/core/logs) without touching the model.
 */

export interface SandboxErrorClass {
  /** Stable id, e.g. `no-ztunnel`; `other` when nothing matched. */
  id: string;
  /** Short human summary used in the affected workload's detail line. */
  title: string;
}

interface Rule extends SandboxErrorClass {
  test: RegExp;
}

const RULES: readonly Rule[] = [
  { id: 'no-ztunnel', title: 'no ztunnel connection on the node', test: /no ztunnel connection/ },
  { id: 'agent-unreachable', title: 'istio-cni node agent unreachable', test: /failed to (?:signal|contact) node Istio CNI agent/ },
  { id: 'agent-error', title: 'istio-cni node agent returned an error', test: /unable to push CNI event \(status code \d+\)/ },
  { id: 'plugin-missing', title: 'istio-cni binary missing from the CNI bin dir', test: /failed to find plugin \\?"istio-cni\\?" in path/ },
  { id: 'unauthorized', title: 'plugin kubeconfig token rejected (Unauthorized)', test: /failed \(add\): Unauthorized/ },
  { id: 'no-kubeconfig', title: 'plugin has no usable kubeconfig (localhost:8080)', test: /localhost:8080/ },
  { id: 'no-sh', title: 'exec "sh" not found (Bottlerocket regression)', test: /exec: "sh": executable file not found/ },
  { id: 'exit-status', title: 'plugin exited with an error (istio-cni may run twice, e.g. via Multus and the primary conflist)', test: /failed \(add\): exit status \d+/ },
  { id: 'netplugin-failed', title: 'plugin failed without a parseable error', test: /netplugin failed/ },
  { id: 'cni-version', title: 'incompatible CNI versions', test: /incompatible CNI versions/ },
  { id: 'multus-no-network', title: 'Multus found no istio-cni network config', test: /no network available in the name istio-cni|No networks found in/ },
];

/** True when the event message is about the istio-cni plugin (not another CNI's failure). */
export function namesIstioCni(message: string): boolean {
  return /istio-cni/.test(message);
}

/** The last `failed (add): <err>` suffix, or the whole message trimmed to one line. */
export function sandboxErrorText(message: string): string {
  const m = /plugin type="istio-cni"(?: name="[^"]*")? failed \((?:add|delete|check)\): (.*)$/s.exec(message);
  const text = (m?.[1] ?? message).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function classifySandboxError(message: string): SandboxErrorClass {
  const bounded = message.length > 20_000 ? message.slice(0, 20_000) : message;
  for (const rule of RULES) {
    if (rule.test.test(bounded)) return { id: rule.id, title: rule.title };
  }
  return { id: 'other', title: 'istio-cni plugin error' };
}
