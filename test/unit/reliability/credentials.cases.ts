/**
 * Credentials on the live path: a token renewed in the kubeconfig file or by the exec plugin is
 * picked up quickly after a 401 (not after the slow retry interval), and every caller of one
 * context shares one credential cache (concurrent callers wait for one plugin run).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as yaml from 'js-yaml';
import * as path from 'path';
import { createLiveClusterClient } from '../../../src/cluster/liveCluster';
import { kubeconfigFor } from '../../apiserver/kubeconfig';
import type { TestApiServer } from '../../apiserver/server';
import type { ReliabilityArea } from './reliabilityCase';
import { converges, type Lab, sleep, startLab, writeKubeconfig } from './support/watchCli';
import { restartCniPod } from './watch.cases';

/** A kubeconfig whose user runs `plugin` (which prints the token in `dir/token`, logging each run). */
function execKubeconfig(server: TestApiServer, dir: string): string {
  const plugin = path.join(dir, 'get-token.sh');
  fs.writeFileSync(path.join(dir, 'token'), server.token);
  fs.writeFileSync(
    plugin,
    `#!/bin/sh\necho run >> '${dir}/runs'\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$(cat '${dir}/token')"\n`,
    { mode: 0o755 },
  );
  const config = yaml.load(kubeconfigFor(server)) as { users: { user: Record<string, unknown> }[] };
  config.users[0]!.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin } };
  return yaml.dump(config);
}

const runs = (dir: string): number =>
  fs.existsSync(path.join(dir, 'runs'))
    ? fs.readFileSync(path.join(dir, 'runs'), 'utf8').split('\n').length - 1
    : 0;

async function withLab(run: (lab: Lab) => Promise<void>, exec = false): Promise<void> {
  const lab = await startLab('kube-basic', {}, exec ? execKubeconfig : undefined);
  try {
    await run(lab);
  } finally {
    await lab.close();
  }
}

export const area: ReliabilityArea = {
  title: 'Credentials and secrets',
  order: 40,
  cases: [
    {
      id: 'credential-renewed-in-kubeconfig',
      fault:
        'the token expires and is renewed in the kubeconfig file (aws eks update-kubeconfig, gcloud get-credentials)',
      behaviour:
        'after the 401 the kubeconfig is checked every 2 s; the renewed token is used at once: converged within 8 s, not after the 60 s slow retry',
      timeoutMs: 40_000,
      run: () =>
        withLab(async (lab) => {
          lab.server.rotateToken('renewed-token-1');
          restartCniPod(lab, 9);
          await sleep(1500); // the watch is refused (401) meanwhile
          writeKubeconfig(lab, { token: 'renewed-token-1' });
          await converges(lab, { withinMs: 8_000, maxRequests: 60 });
        }),
    },
    {
      id: 'credential-renewed-by-exec-plugin',
      fault: 'the exec credential plugin starts returning a new token while the old one is refused (401)',
      behaviour:
        'the plugin is re-run at the first 401 and the watch retries at once: converged within 8 s (was ~51 s)',
      timeoutMs: 40_000,
      run: () =>
        withLab(async (lab) => {
          fs.writeFileSync(path.join(lab.dir, 'token'), 'renewed-token-2');
          lab.server.rotateToken('renewed-token-2');
          restartCniPod(lab, 10);
          await converges(lab, { withinMs: 8_000, maxRequests: 60 });
        }, true),
    },
    {
      id: 'credential-one-plugin-run',
      fault:
        '21 concurrent requests of one context (a "Read CNI config": ls and 20 cat) with an exec credential plugin',
      behaviour:
        'one plugin run shared by all of them (each used to re-read the kubeconfig and run the plugin: 21 runs)',
      timeoutMs: 30_000,
      run: async () => {
        const lab = await startLab('kube-basic', {}, execKubeconfig);
        try {
          const before = runs(lab.dir);
          const client = await createLiveClusterClient({
            file: lab.kubeconfig,
            allowExecPlugins: true,
            execPath: process.env.PATH ?? '',
          });
          assert.ok(client.ok);
          const results = await Promise.all(
            Array.from({ length: 21 }, () =>
              client.value.exec({
                namespace: 'istio-system',
                pod: 'istio-cni-node-m4r8t',
                container: 'install-cni',
                command: ['ls', '-1', '/host/etc/cni/net.d'],
              }),
            ),
          );
          client.value.dispose();
          assert.ok(
            results.every((r) => r.ok),
            JSON.stringify(results.find((r) => !r.ok)),
          );
          assert.strictEqual(runs(lab.dir) - before, 1, 'plugin runs');
        } finally {
          await lab.close();
        }
      },
    },
  ],
};
