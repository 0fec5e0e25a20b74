import { notRecreated } from './helpers';
import { defineReason } from './reason';

/** A Job or restartPolicy Never pod fails istio-validation once and is never repaired (facts §D4). */
export const validationNoRestart = defineReason({
  id: 'validation-failed-not-recreated',
  scope: 'pod',
  priority: 35,
  title: 'istio-validation failed, nothing retries it',
  short: 'Validation failed, no retry',
  cause:
    'The pod started before istio-cni was ready on its node and failed istio-validation once; with restartPolicy Never (a Job) it never restarts, and race repair only acts on pods that restarted, so nothing fixes it.',
  fix: 'Re-run the work ({owner}: for a Job, delete and re-create the Job or let its backoffLimit retry); deleting the pod alone recreates nothing. To prevent it, taint new nodes cni.istio.io/not-ready and enable the untaint controller (pilot.taint.enabled=true).',
  evidence:
    '`istio-validation` terminated non-zero on a pod with `restartPolicy: Never` or owned by a Job / CronJob',
  versions: 'all versions (the repair filter needs `lastState.terminated`)',
  refs: ['D4', 'istio/istio#49210'],
  scenario: 'validation-edge-cases',
  look: { icon: 'circle-slash', severity: 'error' },
  classify: (p) =>
    p.validationFailure && notRecreated(p)
      ? `${p.validationFailure}; restartPolicy ${p.restartPolicy ?? 'Never'}${p.owner ? ` (${p.owner.kind}/${p.owner.name})` : ''}: race repair never acts on it`
      : undefined,
});
