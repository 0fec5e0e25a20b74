/**
 * Every identifier the manifest contributes, in one place. The extension registers a handler
 * for each command through a Record keyed by these IDs (so a missing handler does not compile),
 * and a unit test checks that package.json contributes exactly these.
 */

export const EXTENSION_ID = 'istio-cni-doctor.istio-cni-doctor';

export const COMMANDS = {
  showLog: 'istioCniDoctor.general.showLog',
  restartServer: 'istioCniDoctor.lint.restartServer',
  copyHelmSnippet: 'istioCniDoctor.lint.copyHelmSnippet',
  showLogFindings: 'istioCniDoctor.logs.showFindings',
  openAsLog: 'istioCniDoctor.logs.openAsLog',
  scanLogFile: 'istioCniDoctor.logs.scanFile',
  revealInExplorer: 'istioCniDoctor.explorer.reveal',
  explorerSelectContext: 'istioCniDoctor.explorer.selectContext',
  explorerRefresh: 'istioCniDoctor.explorer.refresh',
  explorerOpenSnapshot: 'istioCniDoctor.explorer.openSnapshot',
  explorerShowPodLogs: 'istioCniDoctor.explorer.showPodLogs',
  explorerFollowNodeLogs: 'istioCniDoctor.explorer.followNodeLogs',
  explorerFindPodInCniLogs: 'istioCniDoctor.explorer.findPodInCniLogs',
  explorerDescribePod: 'istioCniDoctor.explorer.describePod',
  explorerCopyKubectl: 'istioCniDoctor.explorer.copyKubectl',
  explorerDescribeOwner: 'istioCniDoctor.explorer.describeOwner',
  explorerReadCniConfig: 'istioCniDoctor.explorer.readCniConfig',
  explorerRaiseCniLogLevel: 'istioCniDoctor.explorer.raiseCniLogLevel',
  explorerExplainPod: 'istioCniDoctor.explorer.explainPod',
  explorerLoadNodeEvidence: 'istioCniDoctor.explorer.loadNodeEvidence',
  explorerOpenFactSource: 'istioCniDoctor.explorer.openFactSource',
  explorerResetExecConsent: 'istioCniDoctor.explorer.resetExecConsent',
} as const;

export type CommandKey = keyof typeof COMMANDS;

export const VIEWS = {
  container: 'istioCniDoctor',
  explorer: 'istioCniDoctor.explorer',
} as const;

export const LANGUAGES = {
  cniConfig: 'cni-config',
  istioLog: 'istio-log',
} as const;
