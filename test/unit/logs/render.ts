/**
 * Renders a message the way each log format writes it, so every catalog example can be checked
 * in every format its source logs in (facts §A.1). Escaping follows the real encoders: JSON
 * escapes quotes, logrus and structured klog quote values with `\"`.
 */
import { type LogFormat, type LogSource } from '../../../src/core/logs';

export interface Rendered {
  format: LogFormat;
  variant: string;
  line: string;
}

const TS = '2024-11-10T13:54:13.762966Z';

export function renderAll(source: LogSource, message: string, level = 'error'): Rendered[] {
  const quoted = JSON.stringify(message);
  const shortLevel = level === 'warning' ? 'warn' : level;
  switch (source) {
    case 'agent':
    case 'plugin': {
      const scope = source === 'agent' ? 'cni-agent' : 'cni-plugin';
      return [
        {
          format: 'istio-console',
          variant: 'tabs',
          line: `${TS}\t${shortLevel}\t${scope}\t${message}\tpod=default/httpbin-7f8b9c-x7k2p`,
        },
        {
          format: 'istio-console',
          variant: 'spaces',
          line: `${TS}    ${shortLevel}    ${scope}    ${message}`,
        },
        {
          format: 'istio-console',
          variant: 'legacy-scope',
          line: `${TS}\t${shortLevel}\t${source === 'agent' ? 'install' : 'cni'}\t${message}`,
        },
        {
          format: 'istio-json',
          variant: 'json',
          line: `{"level":"${shortLevel}","time":"${TS}","scope":"${scope}","msg":${quoted},"pod":"default/httpbin-7f8b9c-x7k2p"}`,
        },
      ];
    }
    case 'validation':
      return [
        {
          format: 'istio-console',
          variant: 'no-scope',
          line: `2021-07-12T19:57:33.687386Z     ${shortLevel}   ${message}`,
        },
        { format: 'plain', variant: 'bare', line: message },
      ];
    case 'ztunnel':
      return [
        {
          format: 'ztunnel',
          variant: 'ztunnel',
          line: `${TS}\t${shortLevel}\tinpod::workloadmanager\t${message}`,
        },
      ];
    case 'runtime':
      return [
        {
          format: 'k8s-event',
          variant: 'describe',
          line: `  Warning  FailedCreatePodSandBox  3m39s (x4 over 5m)  kubelet  ${message}`,
        },
        {
          format: 'k8s-event',
          variant: 'get-events',
          line: `3m39s       Warning   FailedCreatePodSandBox   pod/httpbin-7f8b9c-x7k2p   ${message}`,
        },
        {
          format: 'klog',
          variant: 'klog',
          line: `E1111 19:19:23.250596    7321 pod_workers.go:1301] ${message}`,
        },
        {
          format: 'klog',
          variant: 'klog-structured',
          line: `E1111 19:19:23.250596    7321 kuberuntime_sandbox.go:72] "Failed to create sandbox for pod" err=${quoted} pod="default/httpbin-7f8b9c-x7k2p"`,
        },
        {
          format: 'journald',
          variant: 'journald',
          line: `Nov 11 19:19:23 node-1 kubelet[7321]: E1111 19:19:23.250596    7321 pod_workers.go:1301] ${message}`,
        },
        {
          format: 'logrus',
          variant: 'logrus',
          line: `time="2023-09-01T23:34:51.066152862Z" level=error msg="RunPodSandbox for name:\\"httpbin\\" failed" error=${quoted}`,
        },
      ];
  }
}
