/** No `cniVersion`, so plugins assume 0.1.0 and chaining breaks. */
import { type Rule, finding, modifyEdits, rangeOf } from './rule';
import { DEFAULT_CNI_VERSION, KNOWN_CNI_VERSIONS } from '../versions';

export const missingCniVersion: Rule = {
  id: 'missing-cni-version',
  title: 'No "cniVersion"',
  severity: 'warning',
  source: 'CNI spec (cniVersion); libcni ConfListFromBytes',
  fixable: true,
  description:
    'Without `cniVersion` plugins treat the config as version 0.1.0, which has no `prevResult`, so chained plugins ' +
    'such as istio-cni get nothing from the plugin before them. The Multus thin entrypoint also refuses such a master ' +
    'config ("cannot get cniVersion in master CNI config file"). Quick fix: insert the version the directory\'s ' +
    'default config uses, or 0.3.1.',
  check(model) {
    const ev = model.effective?.value?.cniVersion;
    const version = typeof ev === 'string' && KNOWN_CNI_VERSIONS.includes(ev) ? ev : DEFAULT_CNI_VERSION;
    return model.candidates
      .filter(
        (f) =>
          f.value &&
          f.value.cniVersion === undefined &&
          (f.kind === 'conflist' || f.value.type !== undefined),
      )
      .map((file) =>
        finding(
          this,
          file,
          rangeOf(file),
          'No "cniVersion": plugins treat this config as 0.1.0, so chained plugins (istio-cni) get no prevResult, and Multus refuses it as a master config.',
          {
            fix: {
              kind: 'edits',
              title: `Add "cniVersion": "${version}"`,
              edits: modifyEdits(file, ['cniVersion'], version, true),
            },
          },
        ),
      );
  },
};
