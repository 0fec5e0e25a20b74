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
  explorerRevealOwner: 'istioCniDoctor.explorer.revealOwner',
  explorerReadCniConfig: 'istioCniDoctor.explorer.readCniConfig',
} as const;

/** Commands that need an argument (a tree item, a URI): hidden from the Command Palette. */
export const ITEM_COMMANDS: readonly CommandId[] = [
  COMMANDS.copyHelmSnippet,
  COMMANDS.revealInExplorer,
  COMMANDS.explorerShowPodLogs,
  COMMANDS.explorerFollowNodeLogs,
  COMMANDS.explorerFindPodInCniLogs,
  COMMANDS.explorerDescribePod,
  COMMANDS.explorerCopyKubectl,
  COMMANDS.explorerRevealOwner,
  COMMANDS.explorerReadCniConfig,
];

export type CommandKey = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandKey];

export const VIEWS = {
  container: 'istioCniDoctor',
  explorer: 'istioCniDoctor.explorer',
} as const;

export const LANGUAGES = {
  cniConfig: 'cni-config',
  istioLog: 'istio-log',
} as const;
