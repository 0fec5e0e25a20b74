import { defineReason } from './reason';

/** Race repair (deletePods mode) deleted the pod (facts §B.4). */
export const repairDeleted = defineReason({
  id: 'repair-deleted',
  scope: 'deleted',
  title: 'Deleted by istio-cni race repair',
  short: 'Deleted by race repair',
  cause:
    'The repair controller found the pod without redirection (istio-validation exit 126) and deleted it so it is recreated.',
  fix: 'Usually self-healing; if it repeats, check the istio-cni-node log on that node for install errors ({cniLogs}).',
  evidence:
    "a `DeleteBrokenPod` event (from `cni-repair`) or a `Pod detected as broken, deleting` / `Deleting broken pod` line in the node's istio-cni-node log",
  versions: '`Deleting broken pod` is the wording up to 1.18; the event exists from 1.22',
  refs: ['D2'],
  scenario: 'repair-deleted',
  look: { icon: 'trash', severity: 'warning' },
});
