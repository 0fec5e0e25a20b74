/**
 * Every fixture directory with the exact findings a user would see: file, line, severity and
 * rule. The fixtures are real-world layouts (Calico, Cilium, Flannel, Kube-OVN, Multus thin and
 * thick, Istio-owned, standalone, legacy entries, double insertion, cycles, invalid files).
 */
import * as assert from 'assert';
import { lintDirectory } from '../../../src/core/cni/lint';
import { fixtureNames, loadFixture, summarize } from './fixtureDir';

const EXPECTED: Record<string, string[]> = {
  'azure-triple-istio': [
    '10-azure.conflist:34 error duplicate-istio-cni',
    '10-azure.conflist:34 info legacy-istio-cni-entry',
    '10-azure.conflist:48 error duplicate-istio-cni',
    '10-azure.conflist:48 info legacy-istio-cni-entry',
    '10-azure.conflist:62 info legacy-istio-cni-entry',
  ],
  'bad-minikube-no-type': [
    'minikube_cni.conf:1 error missing-type',
    'minikube_cni.conf:1 error no-network-config',
  ],
  'bom-calico': ['10-calico.conflist:1 error invalid-json', '10-calico.conflist:1 error no-network-config'],
  'bridge-conf-v1': ['10-bridge.conf:2 info istio-cni-downgrades-conf'],
  'calico-chained': [],
  'calico-clean': [],
  'cilium-bak-with-intact-configs': [
    '05-cilium.conflist:2 info multiple-primary-configs',
    '10-calico.conflist.cilium_bak:1 info leftover-config-file',
    '10-flannel.conflist:1 info multiple-primary-configs',
  ],
  'cilium-chained': [],
  'cilium-exclusive-backups': [
    '00-multus.conf.cilium_bak:1 info leftover-config-file',
    '05-cilium.conflist:1 warning cilium-exclusive',
    '10-calico.conflist.cilium_bak:1 info leftover-config-file',
  ],
  'circular-by-name': [
    '00-multus.conf:8 error circular-delegation',
    '50-cluster-net.conflist:7 error circular-delegation',
  ],
  'circular-istio-owned-multus': [
    '00-multus.conf:1 warning istio-owned-config-not-first',
    '00-multus.conf:8 error circular-delegation',
    '02-istio-cni.conflist:1 warning istio-owned-config-not-first',
    '02-istio-cni.conflist:9 error circular-delegation',
  ],
  'circular-thick-dir': ['00-multus.conf:1 error circular-delegation'],
  'circular-thick-self': ['00-multus.conf:8 error circular-delegation'],
  'comments-and-trailing-commas': [
    '10-flannel.conflist:1 error no-network-config',
    '10-flannel.conflist:2 error invalid-json',
    '10-flannel.conflist:8 error invalid-json',
  ],
  'conf-is-conflist': [
    '10-calico.conf:1 error invalid-file-before-effective',
    '10-calico.conf:4 error conf-is-conflist',
    '20-bridge.conf:1 error invalid-file-before-effective',
  ],
  'conflist-is-conf': [
    '10-bridge.conflist:1 error no-network-config',
    '10-bridge.conflist:4 error conflist-is-conf',
  ],
  'crlf-calico-chained': [],
  'empty-file-before-calico': [
    '00-empty.conf:1 error invalid-file-before-effective',
    '00-empty.conf:1 error invalid-json',
    '10-calico.conflist:1 error invalid-file-before-effective',
  ],
  'flannel-chained': [],
  'flannel-clean': [],
  'invalid-before-effective': [
    '00-broken.conf:1 error invalid-file-before-effective',
    '00-broken.conf:1 error invalid-json',
    '10-calico.conflist:1 error invalid-file-before-effective',
  ],
  'invalid-disable-check': [
    '10-calico.conflist:1 error no-network-config',
    '10-calico.conflist:4 error invalid-bool-option',
  ],
  'invalid-network-name': ['10-calico.conflist:2 warning invalid-network-name'],
  'istio-1-23-0-entry': ['10-calico.conflist:43 info legacy-istio-cni-entry'],
  'istio-alone': ['10-istio.conflist:19 error istio-cni-first'],
  'istio-entry-no-run-dir': [
    '10-flannel.conflist:29 info invalid-plugin-log-level',
    '10-flannel.conflist:31 warning istio-cni-agent-run-dir',
  ],
  'istio-first': ['10-calico.conflist:19 error istio-cni-first'],
  'istio-not-last': ['10-calico.conflist:43 info istio-cni-not-last'],
  'istio-owned': [],
  'istio-owned-not-first': [
    '01-kube-ovn.conflist:1 warning istio-owned-config-not-first',
    '02-istio-cni.conflist:1 warning istio-owned-config-not-first',
  ],
  'istio-owned-stale': ['02-istio-cni.conflist:1 warning istio-owned-config-stale'],
  'json-before-istio-target': [
    '05-bridge.json:1 error istio-cni-not-in-effective-chain',
    '05-bridge.json:1 error json-before-istio-target',
    '05-bridge.json:1 info multiple-primary-configs',
    '10-calico.conflist:1 error json-before-istio-target',
    '10-calico.conflist:1 info multiple-primary-configs',
    '10-calico.conflist:49 error istio-cni-not-in-effective-chain',
  ],
  'kube-ovn-chained': [],
  'leftover-kubeconfig': ['ZZZ-istio-cni-kubeconfig:1 info leftover-istio-cni-file'],
  'legacy-entry': ['10-calico.conflist:47 info legacy-istio-cni-entry'],
  'legacy-entry-missing-kubeconfig': [
    '10-calico.conflist:42 error missing-legacy-kubeconfig',
    '10-calico.conflist:47 info legacy-istio-cni-entry',
  ],
  'minikube-clean': [],
  'multus-conf-and-conflist': [
    '00-multus.conf:1 error conf-and-conflist-both-exist',
    '00-multus.conf:1 error istio-cni-not-in-effective-chain',
    '00-multus.conf:1 info multiple-primary-configs',
    '00-multus.conflist:1 error conf-and-conflist-both-exist',
    '00-multus.conflist:1 info multiple-primary-configs',
    '00-multus.conflist:3 info duplicate-network-name',
    '00-multus.conflist:66 error istio-cni-not-in-effective-chain',
  ],
  'multus-kube-ovn-before-calico': [
    '00-multus.conf:1 error istio-cni-not-in-effective-chain',
    '00-multus.conf:8 error circular-delegation',
    '01-kube-ovn.conflist:1 warning kube-ovn-before-primary',
    '01-kube-ovn.conflist:1 info multiple-primary-configs',
    '10-calico.conflist:1 info multiple-primary-configs',
    '10-calico.conflist:49 error istio-cni-not-in-effective-chain',
  ],
  'multus-kube-ovn-double-insertion': [
    '00-multus.conflist:62 error istio-cni-runs-twice',
    '01-kube-ovn.conflist:29 error istio-cni-runs-twice',
  ],
  'multus-readiness-renamed': [
    '00-multus.conf:1 error istio-cni-not-in-effective-chain',
    '00-multus.conf:1 info multiple-primary-configs',
    '00-multus.conf:5 error multus-readiness-file-renamed',
    '10-flannel.conflist:1 info multiple-primary-configs',
    '10-flannel.conflist:54 error istio-cni-not-in-effective-chain',
  ],
  'multus-thick-clean': [],
  'multus-thick-double-insertion': [
    '00-multus.conflist:3 info duplicate-network-name',
    '00-multus.conflist:27 error istio-cni-runs-twice',
    '10-calico.conflist:49 error istio-cni-runs-twice',
  ],
  'multus-thin-calico': [],
  'multus-thin-converted': ['00-multus.conflist:3 info duplicate-network-name'],
  'multus-thin-double-insertion': [
    '00-multus.conflist:3 info duplicate-network-name',
    '00-multus.conflist:82 error istio-cni-runs-twice',
    '10-calico.conflist:49 error istio-cni-runs-twice',
  ],
  'multus-thin-kube-ovn': [],
  'multus-thin-stale-delegate': [
    '00-multus.conf:1 error istio-cni-not-in-effective-chain',
    '00-multus.conf:11 warning stale-multus-delegate',
    '10-calico.conflist:49 error istio-cni-not-in-effective-chain',
  ],
  'non-json': ['non_json.conf:1 error invalid-json', 'non_json.conf:1 error no-network-config'],
  'noname-calico': [
    '10-calico.conflist:1 error missing-name',
    '10-calico.conflist:1 error no-network-config',
  ],
  'noplugins-calico': [
    '10-calico.conflist:1 error no-network-config',
    '10-calico.conflist:4 error missing-plugins',
  ],
  'nover-calico': ['10-calico.conflist:1 warning missing-cni-version'],
  'numeric-cni-version': [
    '10-calico.conflist:1 error no-network-config',
    '10-calico.conflist:3 error unknown-cni-version',
  ],
  'old-cni-version-chain': ['10-calico.conflist:2 error cni-version-too-old'],
  'only-istio-kubeconfig': [
    'ZZZ-istio-cni-kubeconfig:1 info leftover-istio-cni-file',
    'ZZZ-istio-cni-kubeconfig:1 error no-network-config',
  ],
  'openshift-standalone/multus/net.d': [],
  'reserved-runtime-config': ['10-calico.conflist:28 warning reserved-key'],
  'stale-entry-after-cilium': [
    '05-cilium.conflist:1 info multiple-primary-configs',
    '10-calico.conflist:1 info multiple-primary-configs',
    '10-calico.conflist:49 warning stale-istio-cni-entry',
  ],
  'standalone-in-kubelet-dir': ['YYY-istio-cni.conf:1 error standalone-istio-cni-effective'],
  'standalone-leftover': ['YYY-istio-cni.conf:1 info leftover-istio-cni-file'],
  'stock/aws-vpc-cni/after-istio': [],
  'stock/aws-vpc-cni/alone': [],
  'stock/calico/after-istio': [],
  'stock/calico/alone': [],
  'stock/cilium/after-istio': [],
  'stock/cilium/alone': [],
  'stock/flannel/after-istio': [],
  'stock/flannel/alone': [],
  'stock/kube-ovn/after-istio': [],
  'stock/kube-ovn/alone': [],
  'stock/multus-thick/after-istio': ['00-multus.conflist:3 info duplicate-network-name'],
  'stock/multus-thick/alone': [],
  'stock/multus-thin/after-istio': ['00-multus.conflist:3 info duplicate-network-name'],
  'stock/multus-thin/alone': [],
  'unknown-cni-version': ['10-calico.conflist:3 warning unknown-cni-version'],
};

describe('CNI lint fixtures (containerd)', () => {
  it('covers every fixture directory, and there are at least 40', () => {
    assert.deepStrictEqual(fixtureNames().sort(), Object.keys(EXPECTED).sort());
    assert.ok(Object.keys(EXPECTED).length >= 40);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, () => {
      assert.deepStrictEqual(
        summarize(lintDirectory(loadFixture(name), { runtime: 'containerd' })),
        expected,
      );
    });
  }
});
