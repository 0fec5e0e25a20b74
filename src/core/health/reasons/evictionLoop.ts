import { defineReason } from './reason';

/** The same owner's pods deleted by repair again and again (facts §D2). */
export const evictionLoop = defineReason({
  id: 'eviction-loop',
  scope: 'deleted',
  title: 'Evicted again and again',
  cause:
    'Race repair keeps deleting pods of the same workload: the plugin is not properly installed on the node, so redirection can never be set up.',
  fix: 'Read the istio-cni-node log for install errors ({cniLogs}) and check cniBinDir/cniConfDir against the container runtime.',
  evidence:
    '3 or more repair deletions of pods of the same owner (Deployment, StatefulSet, ...): one entry for the owner',
  refs: ['D2'],
  scenario: 'eviction-loop',
  look: { icon: 'sync', severity: 'error' },
});
