/**
 * Renders a corpus row the way each real output prints it: Istio console text and
 * `--log_as_json`, `kubectl logs --prefix`, ztunnel's tracing text, klog/journald/logrus for the
 * runtime, and `kubectl describe` / `kubectl get events` for events. Built on render.ts.
 */
import { type LogSource } from '../../../src/core/logs';
import { type CorpusRow, renderMessage } from '../../../tools/logCorpus';
import { type Rendered, renderAll } from './render';

const SOURCE: Record<CorpusRow['kind'], LogSource> = {
  agent: 'agent',
  plugin: 'plugin',
  validation: 'validation',
  ztunnel: 'ztunnel',
  runtime: 'runtime',
  event: 'runtime',
};

/** Every rendering of the row's first message line (later lines of a multi-line message are a tail). */
export function renderRow(row: CorpusRow): Rendered[] {
  const full = renderMessage(row);
  const message = full.split('\n')[0] ?? full;
  const level = row.level === 'warn' ? 'warning' : row.level;
  if (row.kind === 'event') {
    return [
      {
        format: 'k8s-event',
        variant: 'describe',
        line: `  Warning  ${row.format.includes('label') ? 'LabelBrokenPod' : 'DeleteBrokenPod'}  12s   istio-cni-repair  ${message}`,
      },
    ].map((r) => ({ ...r, format: 'k8s-event' as const }));
  }
  const out = renderAll(SOURCE[row.kind], message, level);
  if (row.kind === 'agent' || row.kind === 'plugin') {
    // kubectl logs --prefix puts `[pod/<name>/<container>] ` before the Istio line.
    const first = out[0];
    if (first)
      out.push({
        format: first.format,
        variant: 'kubectl-prefix',
        line: `[pod/istio-cni-node-x7k2p/install-cni] ${first.line}`,
      });
  }
  if (full.includes('\n')) {
    // --log_as_json keeps the whole message, tail included, on one line.
    out.push({
      format: 'istio-json',
      variant: 'json-multiline',
      line: `{"level":"${row.level}","time":"2024-11-10T13:54:13.762966Z","scope":"cni-agent","msg":${JSON.stringify(full)}}`,
    });
  }
  return out;
}
