/**
 * Sizes of what ships: the bundles with their chunks, and the .vsix (built by `npm run package`), against the
 * 3 MB .vsix limit; the reference is the size of client-node's own bundle-able package on disk.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type BenchRow } from './types';

const ROOT = path.resolve(__dirname, '../..');
const KiB = 1024;

/** A bundle's entry file and the chunks webpack split from it (`<name>.<id>.js`, loaded on demand). */
function bundleRow(name: string): BenchRow {
  const dist = path.join(ROOT, 'dist');
  const entry = path.join(dist, `${name}.js`);
  if (!fs.existsSync(entry))
    return { name: `dist/${name}.js: not built (npm run build)`, value: NaN, unit: '' };
  const chunks = fs.readdirSync(dist).filter((f) => f.startsWith(`${name}.`) && /^[^.]+\.[^.]+\.js$/.test(f));
  const chunkBytes = chunks.reduce((n, f) => n + fs.statSync(path.join(dist, f)).size, 0);
  const entryBytes = fs.statSync(entry).size;
  return {
    name: chunks.length
      ? `dist/${name}.js and its ${chunks.length} chunk${chunks.length === 1 ? '' : 's'}`
      : `dist/${name}.js (one file)`,
    value: (entryBytes + chunkBytes) / KiB,
    unit: 'KiB',
    ...(chunks.length
      ? { reference: `entry ${(entryBytes / KiB).toFixed(0)} KiB; each chunk loads when first used` }
      : {}),
  };
}

export function run(): Promise<BenchRow[]> {
  const rows = ['extension', 'server', 'cli', 'logWorker'].map(bundleRow);
  const vsix = path.join(ROOT, 'dist/istio-cni-doctor.vsix');
  rows.push({
    name: fs.existsSync(vsix) ? '.vsix (npm run package)' : '.vsix: not built (npm run package)',
    value: fs.existsSync(vsix) ? fs.statSync(vsix).size / KiB : NaN,
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
