/**
 * Every identifier the manifest contributes, in one place. The extension registers a handler
 * for each command through a Record keyed by these IDs (so a missing handler does not compile),
 * and a unit test checks that package.json contributes exactly these.
 */

export const EXTENSION_ID = 'istio-cni-doctor.istio-cni-doctor';

export const COMMANDS = {
  showLog: 'istioCniDoctor.general.showLog',
  restartServer: 'istioCniDoctor.lint.restartServer',
} as const;

export type CommandKey = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandKey];

export const VIEWS = {
  container: 'istioCniDoctor',
  explorer: 'istioCniDoctor.explorer',
} as const;

export const LANGUAGES = {
  cniConfig: 'cni-config',
} as const;
