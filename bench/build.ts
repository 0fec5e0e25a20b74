/**
 * Sizes of what ships: the three bundles and the .vsix (built by `npm run package`), against the
 * 3 MB .vsix limit; the reference is the size of client-node's own bundle-able package on disk.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type BenchRow } from './types';

const ROOT = path.resolve(__dirname, '../..');
const KiB = 1024;

export function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const size = (p: string) =>
    fs.existsSync(path.join(ROOT, p)) ? fs.statSync(path.join(ROOT, p)).size / KiB : NaN;
  rows.push({ name: 'dist/extension.js', value: size('dist/extension.js'), unit: 'KiB' });
  rows.push({ name: 'dist/server.js', value: size('dist/server.js'), unit: 'KiB' });
  rows.push({ name: 'dist/cli.js', value: size('dist/cli.js'), unit: 'KiB' });
  rows.push({ name: 'dist/logWorker.js', value: size('dist/logWorker.js'), unit: 'KiB' });
  rows.push({
    name: '.vsix (npm run package)',
    value: size('dist/istio-cni-doctor.vsix'),
    unit: 'KiB',
    target: '< 3072 KiB',
    reference: `node_modules/@kubernetes/client-node on disk: ${(dirSize(path.join(ROOT, 'node_modules/@kubernetes/client-node')) / KiB / KiB).toFixed(0)} MiB`,
  });
  return Promise.resolve(rows);
}

function dirSize(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return total;
}
