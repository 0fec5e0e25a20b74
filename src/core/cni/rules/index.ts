/** Every lint rule, in the order the docs list them (file, istio-cni entry, directory). */
import { ciliumExclusive } from './ciliumExclusive';
import { circularDelegation } from './circularDelegation';
import { cniVersionTooOld } from './cniVersionTooOld';
import { confAndConflistBothExist } from './confAndConflistBothExist';
import { confIsConflist } from './confIsConflist';
import { conflistIsConf } from './conflistIsConf';
import { duplicateIstioCni } from './duplicateIstioCni';
import { duplicateNetworkName } from './duplicateNetworkName';
import { invalidBoolOption } from './invalidBoolOption';
import { invalidFileBeforeEffective } from './invalidFileBeforeEffective';
import { invalidJson } from './invalidJson';
import { invalidNetworkName } from './invalidNetworkName';
import { invalidPluginLogLevel } from './invalidPluginLogLevel';
import { istioCniAgentRunDir } from './istioCniAgentRunDir';
import { istioCniDowngradesConf } from './istioCniDowngradesConf';
import { istioCniFirst } from './istioCniFirst';
import { istioCniNotInEffectiveChain } from './istioCniNotInEffectiveChain';
import { istioCniNotLast } from './istioCniNotLast';
import { istioCniRunsTwice } from './istioCniRunsTwice';
import { istioOwnedConfigNotFirst } from './istioOwnedConfigNotFirst';
import { istioOwnedConfigStale } from './istioOwnedConfigStale';
import { jsonBeforeIstioTarget } from './jsonBeforeIstioTarget';
import { kubeOvnBeforePrimary } from './kubeOvnBeforePrimary';
import { leftoverConfigFile } from './leftoverConfigFile';
import { leftoverIstioCniFile } from './leftoverIstioCniFile';
import { legacyIstioCniEntry } from './legacyIstioCniEntry';
import { missingCniVersion } from './missingCniVersion';
import { missingLegacyKubeconfig } from './missingLegacyKubeconfig';
import { missingName } from './missingName';
import { missingPlugins } from './missingPlugins';
import { missingType } from './missingType';
import { multiplePrimaryConfigs } from './multiplePrimaryConfigs';
import { multusReadinessFileRenamed } from './multusReadinessFileRenamed';
import { noNetworkConfig } from './noNetworkConfig';
import { reservedKey } from './reservedKey';
import { staleIstioCniEntry } from './staleIstioCniEntry';
import { staleMultusDelegate } from './staleMultusDelegate';
import { standaloneIstioCniEffective } from './standaloneIstioCniEffective';
import { unknownCniVersion } from './unknownCniVersion';
import { unreadableFile } from './unreadableFile';
import { type Rule } from './rule';

export const RULES: readonly Rule[] = [
  unreadableFile,
  invalidJson,
  missingName,
  missingPlugins,
  missingType,
  confIsConflist,
  conflistIsConf,
  missingCniVersion,
  unknownCniVersion,
  cniVersionTooOld,
  invalidBoolOption,
  duplicateNetworkName,
  invalidNetworkName,
  reservedKey,
  duplicateIstioCni,
  istioCniFirst,
  istioCniNotLast,
  legacyIstioCniEntry,
  istioCniAgentRunDir,
  missingLegacyKubeconfig,
  invalidPluginLogLevel,
  noNetworkConfig,
  istioCniNotInEffectiveChain,
  staleIstioCniEntry,
  jsonBeforeIstioTarget,
  invalidFileBeforeEffective,
  confAndConflistBothExist,
  istioOwnedConfigNotFirst,
  istioOwnedConfigStale,
  istioCniRunsTwice,
  circularDelegation,
  multusReadinessFileRenamed,
  staleMultusDelegate,
  kubeOvnBeforePrimary,
  ciliumExclusive,
  standaloneIstioCniEffective,
  leftoverIstioCniFile,
  leftoverConfigFile,
  istioCniDowngradesConf,
  multiplePrimaryConfigs,
];

export { type Rule };
