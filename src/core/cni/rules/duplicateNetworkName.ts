/**
 * Two loadable configs in one directory share a network `name`. The one expected duplicate is
 * Istio's own: its installer wraps a `.conf` primary as a list named `k8s-pod-network`
 * (istio/istio `cni/pkg/install/cniconfig.go@1.30.3` `insertCNIConfig`), which is also Calico's
 * network name; that case is explained at info level, not reported as a user error.
 */
import { type ConfigFile, propertyValue } from '../parse';
import { ISTIO_TYPE, isIstioOwned } from '../istio';
import { type Finding } from '../types';
import { type Rule, finding, rangeOf, related } from './rule';

export const ISTIO_WRAPPED_NAME = 'k8s-pod-network';

/** A list with the exact shape Istio's installer gives a wrapped `.conf`: [former .conf, istio-cni]. */
export function isIstioWrappedConf(f: ConfigFile): boolean {
  return (
    f.kind === 'conflist' &&
    f.value?.name === ISTIO_WRAPPED_NAME &&
    f.plugins.length === 2 &&
    f.plugins[1]?.type === ISTIO_TYPE &&
    f.plugins[0]?.type !== ISTIO_TYPE
  );
}

function names(files: ConfigFile[], except: ConfigFile): { shown: string; others: ConfigFile[] } {
  // Only the first few others are named; a directory of 1,000 clones must stay linear.
  const others = files
    .slice(0, 11)
    .filter((o) => o !== except)
    .slice(0, 10);
  const listed = others.slice(0, 5).map((o) => o.name);
  const rest = files.length - 1 - listed.length;
  return { shown: listed.join(', ') + (rest > 0 ? ` and ${rest} more` : ''), others };
}

export const duplicateNetworkName: Rule = {
  id: 'duplicate-network-name',
  title: 'Network name used by several files',
  severity: 'warning',
  source:
    'CNI spec (network names unique per host); istio/istio cni/pkg/install/cniconfig.go@1.30.3 (insertCNIConfig)',
  fixable: false,
  description:
    'The CNI spec requires network names to be unique on a host; runtimes and Multus look networks up by name, so ' +
    'a duplicate makes it unclear which config a pod gets. Two cases are not user errors: the Istio-owned copy ' +
    "shares its primary's name on purpose (not counted), and Istio's installer wraps a `.conf` primary (a Multus " +
    '`00-multus.conf`, for example) as a list named `k8s-pod-network`, the name Calico also uses; that case is ' +
    'reported at info level with the reason.',
  check(model) {
    const byName = new Map<string, ConfigFile[]>();
    for (const f of model.candidates) {
      const n = f.value?.name;
      if (f.valid && typeof n === 'string' && !isIstioOwned(f)) byName.set(n, [...(byName.get(n) ?? []), f]);
    }
    const out: Finding[] = [];
    for (const [name, files] of byName) {
      if (files.length < 2) continue;
      const wrapped = files.filter(isIstioWrappedConf);
      const userFiles = files.filter((f) => !wrapped.includes(f));
      for (const file of wrapped) {
        const { shown, others } = names(files, file);
        out.push(
          finding(
            this,
            file,
            rangeOf(file, propertyValue(file.root, 'name')),
            `Network name "${name}" is also used by ${shown} because Istio's installer wrapped this former .conf as a list named "${ISTIO_WRAPPED_NAME}" (a fixed name in cni/pkg/install/cniconfig.go). Runtimes pick the file, not the name, so pods are not affected; only a lookup by this name (a Multus clusterNetwork or network-attachment name "${name}") would be ambiguous.`,
            {
              severity: 'info',
              related: others.map((o) => related(o, `also named "${name}"`, propertyValue(o.root, 'name'))),
            },
          ),
        );
      }
      if (userFiles.length < 2) continue;
      for (const file of userFiles) {
        const { shown, others } = names(userFiles, file);
        out.push(
          finding(
            this,
            file,
            rangeOf(file, propertyValue(file.root, 'name')),
            `Network name "${name}" is also used by ${shown}; names must be unique per host, so lookups by name (Multus, runtimes) may pick the wrong config.`,
            { related: others.map((o) => related(o, `also named "${name}"`, propertyValue(o.root, 'name'))) },
          ),
        );
      }
    }
    return out;
  },
};
