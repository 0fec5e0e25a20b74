#!/usr/bin/env node
// `npm test`: typecheck (and compile), lint, unit tests, build, the npm package (packed,
// installed into an empty prefix and run), the .vsix package, the integration suite
// inside a real VS Code (code-server), the packaged-extension smoke test and the demo test (the
// demo set-up driven through its page). Each step's tests
// are added up from the suites' summary files; a step without tests counts as one check.
// Ends with the plain line `N passed, N failed` that CI reads.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const summaries = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-test-'));
const only = new Set(process.argv.slice(2));

/** @type {{name: string, cmd: string[], summary?: string, needs?: string[]}[]} */
const steps = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '-p', '.'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  {
    name: 'unit',
    cmd: ['npx', 'mocha', '--config', '.mocharc.json'],
    summary: 'unit.json',
    needs: ['typecheck'],
  },
  { name: 'build', cmd: ['npm', 'run', '--silent', 'build'] },
  // The npm package: pack, install globally into an empty prefix offline, run the CLI.
  { name: 'npm-pack', cmd: ['node', 'tools/packSmoke.mjs'], needs: ['build'] },
  { name: 'package', cmd: ['npm', 'run', '--silent', 'package:vsix'], needs: ['build'] },
  {
    name: 'integration',
    cmd: ['node', 'out/test/runner/runCodeServer.js'],
    summary: 'integration.json',
    needs: ['typecheck', 'build'],
  },
  {
    name: 'vsix-smoke',
    cmd: ['node', 'out/test/runner/runVsixSmoke.js'],
    summary: 'vsix-smoke.json',
    needs: ['typecheck', 'package'],
  },
  {
    name: 'demo',
    cmd: ['node', 'out/test/runner/runDemoTest.js'],
    summary: 'demo.json',
    needs: ['typecheck', 'package'],
  },
];

/** No step may hang CI: each is killed after this long and counts as failed. */
const STEP_TIMEOUT_MS = 12 * 60 * 1000;
const results = new Map();
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const step of steps) {
  if (only.size > 0 && !only.has(step.name)) continue;
  const blocked = (step.needs ?? []).filter((n) => results.has(n) && !results.get(n));
  if (blocked.length > 0) {
    console.log(`\n=== ${step.name}: skipped (${blocked.join(', ')} failed)`);
    results.set(step.name, false);
    skipped += 1;
    rows.push([step.name, 'skipped', '']);
    continue;
  }
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const started = Date.now();
  const summaryFile = step.summary ? path.join(summaries, step.summary) : undefined;
  if (summaryFile) fs.rmSync(summaryFile, { force: true });
  const run = spawnSync(step.cmd[0], step.cmd.slice(1), {
    cwd: root,
    timeout: STEP_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    stdio: 'inherit',
    env: { ...process.env, ...(summaryFile ? { ISTIO_CNI_DOCTOR_TEST_SUMMARY: summaryFile } : {}) },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  results.set(step.name, ok);
  if (summaryFile && fs.existsSync(summaryFile)) {
    const s = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
    passed += s.passes;
    failed += s.failures;
    skipped += s.pending;
    // A runner that died after writing a clean summary still fails the step.
    if (!ok && s.failures === 0) failed += 1;
    const m = Object.entries(s.metrics ?? {})
      .map(([k, v]) => `${k}=${Math.round(v * 100) / 100}`)
      .join(' ');
    rows.push([step.name, `${s.passes} passed, ${s.failures} failed`, `${seconds} s ${m}`]);
  } else {
    if (ok) passed += 1;
    else failed += 1;
    const why =
      run.error?.code === 'ETIMEDOUT'
        ? `timed out after ${STEP_TIMEOUT_MS / 60000} min`
        : `exit ${run.status ?? run.signal}`;
    rows.push([step.name, ok ? 'ok' : `FAILED (${why})`, `${seconds} s`]);
  }
}

console.log('\n=== summary');
for (const [name, verdict, extra] of rows) console.log(`  ${name.padEnd(12)} ${verdict.padEnd(24)} ${extra}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
