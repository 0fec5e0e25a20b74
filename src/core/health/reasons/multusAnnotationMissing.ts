import { defineReason } from './reason';

/** Multus standalone mode, but istiod does not add the networks annotation (facts §D15). */
export const multusAnnotationMissing = defineReason({
  id: 'multus-annotation-missing',
  scope: 'pod',
  priority: 30,
  title: 'Multus network annotation missing',
  short: 'Multus annotation missing',
  cause:
    'istio-cni runs standalone (chained: false) as a Multus network, but the pod has no k8s.v1.cni.cncf.io/networks annotation, so Multus never calls istio-cni for it: istiod was not told the provider is multus.',
  fix: 'Set pilot.cni.provider=multus on istiod (formerly istio_cni.chained=false), then restart the workload so the injector adds the annotation.',
  evidence:
    'a sidecar pod failing `istio-validation` without `k8s.v1.cni.cncf.io/networks`, while the `istio-cni-config` ConfigMap says `CHAINED_CNI_PLUGIN: "false"`',
  versions: '`pilot.cni.provider` since 1.21 (PR #49495); before, `istio_cni.chained: false`',
  refs: ['D15', 'istio/istio#48734'],
  scenario: 'multus-openshift',
  look: { icon: 'plug', severity: 'error' },
  values: [{ chart: 'istiod', path: 'pilot.cni.provider', value: 'multus' }],
  classify: (p, ctx) =>
    p.validationFailure && ctx.install?.settings.chained === false && !p.multusNetworks
      ? `${p.validationFailure}; istio-cni is standalone (CHAINED_CNI_PLUGIN=false) and the pod has no k8s.v1.cni.cncf.io/networks annotation`
      : undefined,
});
