/**
 * `node out/test/apiserver/main.js --scenario NAME --port P --kubeconfig-out FILE`: serves a
 * scenario (a name in test/scenarios, a .yaml path, or `large`) until Ctrl+C, and writes a
 * kubeconfig for it so kubectl, the CLI and the extension can be pointed at it. `large` takes
 * `--nodes N --pods N` and `--realistic` (objects as large as real ones, generateLarge.ts).
 */
import * as fs from 'fs';
import { kubeconfigFor } from './kubeconfig';
import { TestApiServer } from './server';
import { generateLargeScenario } from '../scenarios/generateLarge';
import { loadScenario } from '../scenarios/loadScenario';

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  const name = arg(args, '--scenario') ?? 'kube-basic';
  const port = Number(arg(args, '--port') ?? '0');
  const out = arg(args, '--kubeconfig-out');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(
      `apiserver: --port must be a number from 0 to 65535, got ${String(arg(args, '--port'))}\n`,
    );
    return 2;
  }
  let scenario;
  try {
    scenario =
      name === 'large'
        ? generateLargeScenario({
            nodes: Number(arg(args, '--nodes') ?? '500'),
            pods: Number(arg(args, '--pods') ?? '5000'),
            realistic: args.includes('--realistic'),
          })
        : loadScenario(name);
  } catch (e) {
    process.stderr.write(
      `apiserver: cannot load scenario ${name}: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
  const server = await new TestApiServer(scenario, { port, bookmarkIntervalMs: 30_000 }).start();
  const kubeconfig = kubeconfigFor(server, { context: `icd-${scenario.name}` });
  if (out) fs.writeFileSync(out, kubeconfig, { mode: 0o600 });
  process.stdout.write(
    `Serving scenario ${scenario.name} (${scenario.objects.length} objects) at ${server.url}\n`,
  );
  process.stdout.write(out ? `Kubeconfig written to ${out}\n` : kubeconfig);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`apiserver: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
