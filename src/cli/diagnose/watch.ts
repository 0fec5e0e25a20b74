/**
 * `diagnose --watch`, like `kubectl get -w`: the report once, then one line per change of the
 * health model, kept current by the same ClusterClient.watch() the explorer uses (resume,
 * re-list, credential renewal). With `--format json` every line is the whole `--format json`
 * document on one line (JSON Lines), so a script can read the last line as the current state;
 * in text, each change is one short line. Changes are coalesced (at most 4 lines a second).
 *
 * It ends: on SIGINT/SIGTERM, with the exit code of the last report (0 healthy, 1 findings);
 * with 2 and a message when the connection cannot be kept (a failure that retrying cannot fix,
 * or no connection for `reconnectTimeoutMs`).
 */
import type { ClusterClient, ClusterFailure, ConnectionState } from '../../cluster/clusterClient';
import type { ClusterData } from '../../core/health/clusterData';
import { Coalescer } from '../../core/explorer/coalescer';
import { HealthIndex } from '../../core/health/healthIndex';
import type { HealthModel } from '../../core/health/model';
import { type Clock, systemClock } from '../../core/time/clock';
import type { CliIo } from '../io';
import { describeFailure } from './failure';
import { diagnoseJson, type DiagnoseJson } from './jsonReport';
import { diagnoseText } from './textReport';

export interface WatchRun {
  format: 'text' | 'json';
  /** Exit 2 after this long without a working connection. */
  reconnectTimeoutMs: number;
  /** Resolves when the user asks to stop (Ctrl-C). */
  stop: Promise<void>;
  clock?: Clock;
}

/** Failures that waiting does not fix: exit at once. */
const FINAL = new Set<ClusterFailure['kind']>(['bad-kubeconfig', 'no-kubeconfig', 'exec-plugin-blocked']);

export function watchDiagnose(
  client: ClusterClient,
  first: ClusterData,
  io: CliIo,
  run: WatchRun,
): Promise<number> {
  const clock = run.clock ?? systemClock;
  const info = client.info();
  const index = new HealthIndex(first);
  let model = index.model();
  let last = JSON.stringify(diagnoseJson(info, model));
  if (run.format === 'json') io.out(`${last}\n`);
  else io.out(diagnoseText(info, model, '', undefined));

  return new Promise<number>((resolve) => {
    let lostSince: number | undefined;
    let giveUp: unknown;
    let finished = false;
    const finish = (code: number): void => {
      if (finished) return;
      finished = true;
      clock.clearTimeout(giveUp);
      coalescer.dispose();
      handle.dispose();
      resolve(code);
    };
    const coalescer = new Coalescer(
      () => {
        model = index.model();
        const doc = diagnoseJson(info, model);
        const text = JSON.stringify(doc);
        if (text === last) return;
        const before = JSON.parse(last) as DiagnoseJson;
        last = text;
        io.out(run.format === 'json' ? `${text}\n` : `${changeLine(clock, before, doc, model)}\n`);
      },
      250,
      16,
      clock,
    );
    const onState = (state: ConnectionState): void => {
      if (state.state === 'connected') {
        lostSince = undefined;
        clock.clearTimeout(giveUp);
        giveUp = undefined;
        return;
      }
      if (state.state !== 'failed') return;
      const failure = state.failure;
      if (FINAL.has(failure.kind)) {
        io.err(`istio-cni-doctor diagnose: the watch cannot continue: ${describeFailure(failure)}\n`);
        finish(2);
        return;
      }
      if (run.format === 'text')
        io.err(`istio-cni-doctor diagnose: ${describeFailure(failure)} (retrying)\n`);
      if (lostSince !== undefined) return;
      lostSince = clock.now();
      giveUp = clock.setTimeout(() => {
        io.err(
          `istio-cni-doctor diagnose: lost the connection to the cluster for ${Math.round(run.reconnectTimeoutMs / 1000)} s; giving up: ${describeFailure(failure)}\n`,
        );
        finish(2);
      }, run.reconnectTimeoutMs);
    };
    const handle = client.watch({
      onEvent: (kind, type, object) => {
        index.apply(kind, type, object);
        coalescer.request();
      },
      onRelist: (data) => {
        index.replace(data);
        coalescer.request();
      },
      onState,
    });
    void run.stop.then(() => finish(model.summary.healthy ? 0 : 1));
  });
}

/** `12:00:03  2 affected (+shop/reviews-v1-... validation-failed), nodes: 3 ready, 1 not-ready` */
function changeLine(clock: Clock, before: DiagnoseJson, now: DiagnoseJson, model: HealthModel): string {
  const key = (a: DiagnoseJson['affected'][number]): string => `${a.namespace}/${a.name} ${a.reason}`;
  const was = new Set(before.affected.map(key));
  const is = new Set(now.affected.map(key));
  const changes = [
    ...[...is].filter((k) => !was.has(k)).map((k) => `+${k}`),
    ...[...was].filter((k) => !is.has(k)).map((k) => `-${k}`),
  ];
  const nodes = Object.entries(model.summary.nodes)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const time = new Date(clock.now()).toISOString().slice(11, 19);
  const verdict = model.summary.healthy ? 'healthy' : `${now.affected.length} affected`;
  return `${time}  ${verdict}${changes.length ? ` (${changes.join(', ')})` : ''}; nodes: ${nodes || 'none'}`;
}
