/**
 * Start-up cost of the CLI: `--version` and `logs` must not evaluate `diagnose`'s cluster client
 * (http, https, tls and client-node were ~0.5 s of every run). Checked in a fresh Node process,
 * because this process has loaded everything already.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';

const MAIN = path.join(__dirname, '..', '..', '..', 'src', 'cli', 'main.js');

/** The project modules (relative to out/src) a fresh process has loaded after `main(argv)`. */
function loadedAfter(argv: string[]): string[] {
  const script = `
    const { main } = require(${JSON.stringify(MAIN)});
    const { memoryIo } = require(${JSON.stringify(path.join(path.dirname(MAIN), 'io.js'))});
    main(${JSON.stringify(argv)}, memoryIo()).then(() => {
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));
    });`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const root = path.join(path.dirname(MAIN), '..');
  return (JSON.parse(out) as string[])
    .filter((f) => f.startsWith(root))
    .map((f) => path.relative(root, f).split(path.sep).join('/'));
}

describe('CLI start-up loads only the command that runs', () => {
  it('--version loads no command module and no cluster code', () => {
    const loaded = loadedAfter(['--version']);
    assert.deepStrictEqual(
      loaded.filter((f) => f.startsWith('cli/commands/') || f.startsWith('cluster/')),
      [],
    );
  });

  it('logs loads the logs command, not diagnose, lint or any cluster code', () => {
    const loaded = loadedAfter(['logs', process.platform === 'win32' ? 'NUL' : '/dev/null']);
    assert.ok(loaded.includes('cli/commands/logs.js'), loaded.join('\n'));
    assert.deepStrictEqual(
      loaded.filter(
        (f) =>
          f.startsWith('cluster/') ||
          f.startsWith('cli/diagnose/') ||
          f === 'cli/commands/diagnose.js' ||
          f === 'cli/commands/lint.js',
      ),
      [],
    );
  });
});
