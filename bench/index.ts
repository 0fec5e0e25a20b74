/**
 * `npm run bench`: runs every benchmark module of the project and prints one table: each figure,
 * its target and the reference measured in the same run. A module is `bench/<area>.ts` exporting
 * `run(args): Promise<BenchRow[]>`. `npm run bench -- lint logs` runs only those areas; options
 * (`--large`: the 150,000-pod cluster row) go to every area.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { BenchRow } from './types';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.filter((a) => !a.startsWith('--'));
  const options = args.filter((a) => a.startsWith('--'));
  const areas = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && !['index.js', 'types.js'].includes(f))
    .map((f) => f.slice(0, -3))
    .filter((a) => only.length === 0 || only.includes(a))
    .sort();
  const table: (BenchRow & { area: string })[] = [];
  for (const area of areas) {
    process.stderr.write(`bench: ${area} ...\n`);
    const mod = (await import(path.join(__dirname, `${area}.js`))) as {
      run?: (options: string[]) => Promise<BenchRow[]>;
    };
    if (typeof mod.run !== 'function') continue;
    try {
      for (const row of await mod.run(options)) table.push({ area, ...row });
    } catch (err) {
      table.push({
        area,
        name: `FAILED: ${err instanceof Error ? err.message : String(err)}`,
        value: NaN,
        unit: '',
      });
    }
  }
  print(table);
}

function print(rows: (BenchRow & { area: string })[]): void {
  const cells = rows.map((r) => [
    r.area,
    r.name,
    `${Number.isFinite(r.value) ? formatNumber(r.value) : '-'} ${r.unit}`.trim(),
    r.target ?? '',
    r.reference ?? '',
  ]);
  const header = ['area', 'measure', 'value', 'target', 'reference (same run)'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

function formatNumber(n: number): string {
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
