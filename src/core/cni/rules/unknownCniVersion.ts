/** `cniVersion` is not a string or not a version libcni knows. */
import { propertyValue } from '../parse';
import { type Rule, finding, rangeOf } from './rule';
import { KNOWN_CNI_VERSIONS } from '../versions';

export const unknownCniVersion: Rule = {
  id: 'unknown-cni-version',
  title: 'Unknown "cniVersion"',
  severity: 'warning',
  source: 'libcni pkg/version (supported versions)',
  fixable: false,
  description:
    `\`cniVersion\` must be a string and one of ${KNOWN_CNI_VERSIONS.join(', ')}. A non-string value makes the file ` +
    'unloadable (error); an unknown version makes plugins fail with "incompatible CNI versions" when a pod is created ' +
    '(warning).',
  check(model) {
    return model.candidates.flatMap((file) => {
      const node = propertyValue(file.root, 'cniVersion');
      const v = file.value?.cniVersion;
      if (!node || v === undefined) return [];
      if (typeof v !== 'string') {
        return [
          finding(
            this,
            file,
            rangeOf(file, node),
            '"cniVersion" must be a string (libcni: "invalid cniVersion type"); the runtime cannot load this file.',
            { severity: 'error' },
          ),
        ];
      }
      if (KNOWN_CNI_VERSIONS.includes(v)) return [];
      return [
        finding(
          this,
          file,
          rangeOf(file, node),
          `Unknown cniVersion "${v}" (known: ${KNOWN_CNI_VERSIONS.join(', ')}); plugins will fail pod creation with "incompatible CNI versions".`,
        ),
      ];
    });
  },
};
