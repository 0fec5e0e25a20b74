/** Chained plugins need cniVersion >= 0.3.0 to receive prevResult. */
import { propertyValue } from '../parse';
import { type Rule, finding, rangeOf } from './rule';
import { compareVersions, KNOWN_CNI_VERSIONS } from '../versions';
import { istioEntries } from '../istio';

export const cniVersionTooOld: Rule = {
  id: 'cni-version-too-old',
  title: 'cniVersion too old for a plugin chain',
  severity: 'error',
  source: 'libcni pkg/version; CNI spec (cniVersion)',
  fixable: true,
  description:
    "Chained plugins (istio-cni, portmap, bandwidth) receive the previous plugin's result only from CNI 0.3.0 on. " +
    'With an older `cniVersion` istio-cni sees no pod IP and pod setup fails. Quick fix: bump to 0.3.1.',
  check(model) {
    return model.candidates.flatMap((file) => {
      const v = file.value?.cniVersion;
      if (
        file.kind !== 'conflist' ||
        typeof v !== 'string' ||
        !KNOWN_CNI_VERSIONS.includes(v) ||
        compareVersions(v, '0.3.0') >= 0
      )
        return [];
      if (file.plugins.length < 2 && istioEntries(file).length === 0) return [];
      const node = propertyValue(file.root, 'cniVersion');
      const range = rangeOf(file, node);
      return [
        finding(
          this,
          file,
          range,
          `cniVersion "${v}" is older than 0.3.0: chained plugins (${istioEntries(file).length > 0 ? 'istio-cni' : 'the plugins after the first'}) receive no prevResult, so pod network setup fails.`,
          {
            fix: {
              kind: 'edits',
              title: 'Set "cniVersion": "0.3.1"',
              edits: [{ range, newText: '"0.3.1"' }],
            },
          },
        ),
      ];
    });
  },
};
