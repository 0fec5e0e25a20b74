/** Loads a fixture directory of test/fixtures/cni as the CLI would: every regular file (but README.md), with its text. */
import * as fs from 'fs';
import * as path from 'path';
import { type CniFileInput } from '../../../src/core/cni/types';
import { type Finding } from '../../../src/core/cni/types';

export const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/cni');

export function loadFixture(name: string): CniFileInput[] {
  const dir = path.join(FIXTURES, name);
  return fs
    .readdirSync(dir)
    .filter((n) => n !== 'README.md' && fs.statSync(path.join(dir, n)).isFile())
    .map((n) => ({ path: path.join(dir, n), text: fs.readFileSync(path.join(dir, n), 'utf8') }));
}

/** `file:line severity rule`, 1-based line, the shape the expectations are written in. */
export function summarize(findings: Finding[]): string[] {
  return findings.map((f) => `${path.basename(f.file)}:${f.range.start.line + 1} ${f.severity} ${f.ruleId}`);
}

/** Fixture directories (leaf directories holding files), relative to FIXTURES. */
export function fixtureNames(dir = FIXTURES): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = path.join(dir, e.name);
    // A README.md documents a group of fixtures (where they come from); it is not a net.d file.
    const hasFiles = fs
      .readdirSync(p, { withFileTypes: true })
      .some((s) => s.isFile() && s.name !== 'README.md');
    if (hasFiles) out.push(path.relative(FIXTURES, p));
    else out.push(...fixtureNames(p));
  }
  return out;
}
