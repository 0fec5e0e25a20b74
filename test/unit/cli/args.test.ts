/** The one CLI argument parser: kubectl-style flags, one usage-error shape, help from the option table. */
import * as assert from 'assert';
import { helpText, parseCommandArgs, usageLine, type CommandSpec } from '../../../src/cli/args';
import { memoryIo } from '../../../src/cli/io';
import { main, USAGE } from '../../../src/cli/main';
import { type CommandModule, SUBCOMMANDS } from '../../../src/cli/subcommands';

const SPEC: CommandSpec = {
  name: 'demo',
  summary: 'a test command',
  operands: '<file>...',
  missingOperands: 'no file given',
  description: 'Demo.',
  options: [
    { name: 'format', short: 'o', choices: ['text', 'json'], default: 'text', help: 'output' },
    { name: 'kubeconfig', value: 'FILE', help: 'kubeconfig' },
    { name: 'snapshot', value: 'DIR', conflicts: ['kubeconfig'], help: 'snapshot' },
  ],
  footer: 'Exit codes: none.',
};

function parse(...argv: string[]) {
  return parseCommandArgs(SPEC, argv);
}

describe('CLI argument parser', () => {
  it('reads --flag value, --flag=value and -o, applies defaults and keeps - and everything after -- as operands', () => {
    const r = parse('--kubeconfig', 'a b', '-o', 'json', 'x', '-', '--', '--not-a-flag');
    assert.deepStrictEqual(r, {
      ok: true,
      value: {
        values: { kubeconfig: 'a b', format: 'json' },
        operands: ['x', '-', '--not-a-flag'],
        help: false,
      },
    });
    const eq = parse('--kubeconfig=k=v', '--format=json', 'f');
    assert.ok(eq.ok);
    assert.deepStrictEqual(eq.value.values, { kubeconfig: 'k=v', format: 'json' });
    const defaults = parse('f');
    assert.ok(defaults.ok);
    assert.deepStrictEqual(defaults.value.values, { format: 'text' });
  });

  it('says what is wrong in one shape: unknown flag, missing value, bad choice, conflict, operands', () => {
    const cases: [string[], string][] = [
      [['--fix', 'f'], "unknown option '--fix'"],
      [['-x', 'f'], "unknown option '-x'"],
      [['f', '--kubeconfig'], '--kubeconfig needs a value'],
      [['--kubeconfig=', 'f'], '--kubeconfig needs a value'],
      [['-o', 'yaml', 'f'], "--format must be one of text, json (got 'yaml')"],
      [['--snapshot', 'd', '--kubeconfig', 'k', 'f'], '--snapshot cannot be combined with --kubeconfig'],
      [['-o', 'json'], 'no file given'],
    ];
    for (const [argv, message] of cases) {
      assert.deepStrictEqual(
        parse(...argv),
        { ok: false, error: { kind: 'usage', message } },
        argv.join(' '),
      );
    }
    const noOperands = parseCommandArgs({ ...SPEC, operands: undefined }, ['extra']);
    assert.deepStrictEqual(noOperands, {
      ok: false,
      error: { kind: 'usage', message: "unexpected argument 'extra'" },
    });
  });

  it('--help and -h win over any other problem on the line', () => {
    for (const argv of [['--help'], ['--fix', '-h'], ['-o', 'yaml', '--help']]) {
      const r = parse(...argv);
      assert.ok(r.ok && r.value.help, argv.join(' '));
    }
  });

  it('renders the usage line and the help from the same option table', () => {
    assert.strictEqual(
      usageLine(SPEC),
      'Usage: istio-cni-doctor demo [--format text|json] [--kubeconfig FILE] [--snapshot DIR] <file>...',
    );
    const help = helpText(SPEC);
    assert.ok(help.startsWith(`${usageLine(SPEC)}\n\nDemo.\n\nOptions:\n`), help);
    assert.match(help, /^ {2}-o, --format text\|json {2}output$/m);
    assert.match(help, /^ {6}--kubeconfig FILE {3}kubeconfig$/m);
    assert.match(help, /^ {2}-h, --help {14}Show this help$/m);
    assert.ok(help.endsWith('\n\nExit codes: none.\n'));
  });

  describe('every subcommand', () => {
    for (const entry of Object.values(SUBCOMMANDS)) {
      const { name } = entry;
      let sub: CommandModule;
      before(async () => {
        sub = await entry.load();
      });

      it(`${name}: the command list shows the summary and name of its module's spec`, () => {
        assert.strictEqual(sub.spec.name, name);
        assert.strictEqual(sub.spec.summary, entry.summary);
        assert.ok(USAGE.includes(`  ${name.padEnd(10)}${entry.summary}\n`), USAGE);
      });

      it(`${name}: --help and -h print the help with every option of its table, exit 0`, async () => {
        for (const flag of ['--help', '-h']) {
          const io = memoryIo();
          assert.strictEqual(await main([name, flag], io), 0);
          assert.strictEqual(io.stdout, helpText(sub.spec));
          assert.strictEqual(io.stderr, '');
          for (const o of sub.spec.options)
            assert.ok(io.stdout.includes(`--${o.name} `), `${name} --${o.name}`);
        }
        const viaHelp = memoryIo();
        assert.strictEqual(await main(['help', name], viaHelp), 0);
        assert.strictEqual(viaHelp.stdout, helpText(sub.spec));
      });

      it(`${name}: an unknown flag exits 2 with the reason and the usage line, printing nothing on stdout`, async () => {
        const io = memoryIo();
        assert.strictEqual(await main([name, '--no-such-flag', 'x'], io), 2);
        assert.strictEqual(io.stdout, '');
        assert.strictEqual(
          io.stderr,
          `istio-cni-doctor ${name}: unknown option '--no-such-flag'\n${usageLine(sub.spec)}\n` +
            `Run 'istio-cni-doctor ${name} --help' for more.\n`,
        );
      });
    }
  });

  it('top level: --version, no command (exit 2), an unknown command or option (exit 2 with the usage line)', async () => {
    const v = memoryIo();
    assert.strictEqual(await main(['--version'], v), 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
    const none = memoryIo();
    assert.strictEqual(await main([], none), 2);
    assert.match(none.stdout, /^Usage: istio-cni-doctor <command> \[options\]$/m);
    for (const [arg, what] of [
      ['nope', 'command'],
      ['--nope', 'option'],
    ]) {
      const io = memoryIo();
      assert.strictEqual(await main([arg ?? ''], io), 2);
      assert.strictEqual(
        io.stderr,
        `istio-cni-doctor: unknown ${what} '${arg}'\nUsage: istio-cni-doctor <command> [options]\n` +
          "Run 'istio-cni-doctor --help' for more.\n",
      );
    }
  });
});
