#!/usr/bin/env node
// `npm run test:pack`: the npm package is what a user installs. Packs the tarball (after the
// build step, so without re-running prepack), checks it holds only the CLI bundle, installs it
// globally into an empty prefix offline (it has no dependencies, so nothing is fetched), and
// runs `istio-cni-doctor --version`, one `lint` with a verdict, and the kubectl plugin name.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-pack-'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
let failures = 0;

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000, ...options });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function check(what, ok, detail = '') {
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${what}${ok || !detail ? '' : `\n     ${detail.trim().split('\n').join('\n     ')}`}`,
  );
  if (!ok) failures++;
}

try {
  const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: root,
  });
  check('npm pack', packed.status === 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout || '[{}]');
  const files = (info.files ?? []).map((f) => f.path).sort();
  const allowed = (f) =>
    ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(f) ||
    /^dist\/cli(\.[\w-]+)?\.js$/.test(f);
  check(
    `the tarball holds the CLI only (${files.length} files, ${Math.round((info.size ?? 0) / 1024)} KB packed)`,
    files.includes('dist/cli.js') && files.every(allowed),
    files.filter((f) => !allowed(f)).join('\n') || 'dist/cli.js is missing (run the build first)',
  );
  const tgz = path.join(work, info.filename ?? 'missing.tgz');
  const prefix = path.join(work, 'prefix');
  fs.mkdirSync(prefix);
  const installed = run(
    'npm',
    ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tgz],
    {
      cwd: work,
    },
  );
  check('npm install -g --prefix <empty> --offline <tarball>', installed.status === 0, installed.stderr);
  check('no EBADENGINE warning', !/EBADENGINE/.test(installed.stderr), installed.stderr);
  const modules = path.join(prefix, 'lib', 'node_modules', pkg.name, 'node_modules');
  check(
    'installs no dependencies',
    !fs.existsSync(modules),
    fs.existsSync(modules) ? fs.readdirSync(modules).join(' ') : '',
  );
  const bin = (name) => path.join(prefix, 'bin', name);
  const version = run(bin('istio-cni-doctor'), ['--version'], { cwd: work });
  check(
    `istio-cni-doctor --version prints ${pkg.version}`,
    version.status === 0 && version.stdout === `${pkg.version}\n`,
    version.stdout + version.stderr,
  );
  const netd = path.join(root, 'demo', 'workspace', 'multus-kube-ovn-double-insertion', 'net.d');
  const lint = run(bin('istio-cni-doctor'), ['lint', '-o', 'json', netd], { cwd: work });
  const findings = lint.status === 1 ? (JSON.parse(lint.stdout).findings ?? JSON.parse(lint.stdout)) : [];
  check(
    'istio-cni-doctor lint finds istio-cni-runs-twice (exit 1)',
    lint.status === 1 && JSON.stringify(findings).includes('istio-cni-runs-twice'),
    `exit ${lint.status}\n${lint.stderr}`,
  );
  const plugin = run(bin('kubectl-istio_cni_doctor'), ['diagnose', '--help'], { cwd: work });
  check(
    'kubectl-istio_cni_doctor (kubectl istio-cni-doctor) runs the same CLI',
    plugin.status === 0 && /--context NAME/.test(plugin.stdout),
    plugin.stderr,
  );
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(failures === 0 ? 'npm package: all checks passed' : `npm package: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
