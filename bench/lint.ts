/**
 * CNI lint benchmark: p50/p95 lint time for a typical 1 KB conflist, a 1 MB conflist and a
 * 1,000-file directory, each with `JSON.parse` of the same input in the same run as the floor
 * any linter has to pay. Inputs are generated in memory; nothing touches the disk.
 */
import { lintDirectory } from '../src/core/cni/lint';
import { type CniFileInput } from '../src/core/cni/types';
import { type BenchRow } from './types';

const ISTIO = '{"cni_agent_run_dir":"/var/run/istio-cni","exclude_namespaces":["kube-system"],"name":"istio-cni","plugin_log_level":"info","pod_namespace":"istio-system","type":"istio-cni"}';

/** A Calico conflist with istio-cni chained, about `bytes` long (padded with bandwidth plugins). */
export function calicoConflist(bytes: number): string {
  const head = '{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [\n' +
    '    { "type": "calico", "log_level": "info", "datastore_type": "kubernetes", "nodename": "worker-1", "mtu": 0, "ipam": { "type": "calico-ipam" }, "policy": { "type": "k8s" }, "kubernetes": { "kubeconfig": "/etc/cni/net.d/calico-kubeconfig" } },\n' +
    '    { "type": "portmap", "snat": true, "capabilities": { "portMappings": true } },\n';
  const filler = '    { "type": "bandwidth", "capabilities": { "bandwidth": true } },\n';
  const tail = `    ${ISTIO}\n  ]\n}\n`;
  const n = Math.max(0, Math.round((bytes - head.length - tail.length) / filler.length));
  return head + filler.repeat(n) + tail;
}

interface Timing {
  min: number;
  p50: number;
  p95: number;
}

function percentiles(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return { min: s[0] ?? NaN, p50: s[Math.floor(s.length * 0.5)] ?? NaN, p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN };
}

function time(iterations: number, fn: () => void): Timing {
  for (let i = 0; i < Math.min(5, iterations); i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return percentiles(samples);
}

function rows(name: string, files: CniFileInput[], iterations: number, target: string): BenchRow[] {
  const lint = time(iterations, () => lintDirectory(files));
  const parse = time(iterations, () => files.forEach((f) => JSON.parse(f.text) as unknown));
  // The best run is reported too: on a shared machine p50/p95 mostly measure the neighbours.
  const ref = `lint best ${lint.min.toFixed(2)} ms; JSON.parse best ${parse.min.toFixed(2)} / p50 ${parse.p50.toFixed(2)} / p95 ${parse.p95.toFixed(2)} ms`;
  return [
    { name: `${name} p50`, value: lint.p50, unit: 'ms', reference: ref },
    { name: `${name} p95`, value: lint.p95, unit: 'ms', target, reference: ref },
  ];
}

export function run(): Promise<BenchRow[]> {
  const small = calicoConflist(1024);
  const big = calicoConflist(1024 * 1024);
  const dir = Array.from({ length: 1000 }, (_, i) => ({ path: `/etc/cni/net.d/${String(i).padStart(4, '0')}-net.conflist`, text: calicoConflist(1024) }));
  return Promise.resolve([
    ...rows(`lint 1 KB conflist (${small.length} B)`, [{ path: '/etc/cni/net.d/10-calico.conflist', text: small }], 2000, '<= 5 ms'),
    ...rows(`lint 1 MB conflist (${(big.length / 1048576).toFixed(2)} MB)`, [{ path: '/etc/cni/net.d/10-calico.conflist', text: big }], 40, '<= 50 ms'),
    ...rows('lint 1,000-file directory (1 KB each)', dir, 10, ''),
  ]);
}
