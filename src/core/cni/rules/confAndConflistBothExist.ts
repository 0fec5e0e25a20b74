/** X.conf and X.conflist side by side. */
import { type Rule, finding, rangeOf, related } from './rule';

export const confAndConflistBothExist: Rule = {
  id: 'conf-and-conflist-both-exist',
  title: 'X.conf and X.conflist both exist',
  severity: 'error',
  source:
    'istio/istio cni/pkg/install/cniconfig.go@1.30.3 (getCNIConfigFilepath: .conf / .conflist fallback)',
  fixable: false,
  description:
    'When istio-cni chains into `X.conf` it rewrites it as `X.conflist`. If the owner of `X.conf` (Multus, OpenShift ' +
    'SDN) re-creates it, `X.conf` sorts first and lacks istio-cni, and the two keep rewriting each other. Tools that ' +
    'watch `X.conf` (Multus `readinessindicatorfile`, istio/istio#22449; OpenShift SDN, #20202) also break. Use ' +
    '`cni.cniConfFileName` or standalone mode, or configure the owner (Multus `--multus-conf-file`).',
  check(model) {
    return model.candidates
      .filter((f) => f.kind === 'conf')
      .flatMap((conf) => {
        const list = model.byName.get(`${conf.name}list`);
        if (!list) return [];
        const msg = `${conf.name} and ${list.name} both exist: ${conf.name} sorts first and is used; istio-cni renamed one to the other and its owner re-created it, so they keep rewriting each other and pods may run without istio-cni.`;
        return [
          finding(this, conf, rangeOf(conf), msg, { related: [related(list, 'the .conflist twin')] }),
          finding(this, list, rangeOf(list), msg, { related: [related(conf, 'the .conf twin')] }),
        ];
      });
  },
};
