/**
 * Finds every `*.cases.js` beside this file (compiled from `*.cases.ts`), so adding a case file
 * touches no registry. Each must export `area: ReliabilityArea`.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ReliabilityArea } from './reliabilityCase';

export function loadReliabilityAreas(dir: string = __dirname): ReliabilityArea[] {
  const areas: ReliabilityArea[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.cases.js')) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, file)) as { area?: ReliabilityArea };
    if (!mod.area) throw new Error(`${file} exports no \`area\``);
    areas.push(mod.area);
  }
  return areas.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
}
