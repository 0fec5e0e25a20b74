import * as assert from 'assert';
import { installInfo } from '../../../src/core/health/install';
import { helmFlags, logLevelChanges, renderValueFix, withScope } from '../../../src/core/health/installFix';
import type { K8sConfigMap, K8sDaemonSet } from '../../../src/core/health/k8s';

function ds(
  tag: string,
  meta: K8sDaemonSet['metadata'] = {},
  args = ['--log_output_level=info'],
): K8sDaemonSet {
  return {
    metadata: { name: 'istio-cni-node', namespace: 'istio-system', ...meta },
    spec: {
      template: {
        spec: { containers: [{ name: 'install-cni', image: `docker.io/istio/install-cni:${tag}`, args }] },
      },
    },
  };
}
const helm = {
  annotations: { 'meta.helm.sh/release-name': 'istio-cni', 'meta.helm.sh/release-namespace': 'istio-system' },
};

describe("install method, settings and fixes in the user's terms", () => {
  it('raise the log level: Helm 1.24+ top-level logging.level with cni-plugin:debug, commas escaped for --set', () => {
    const i = installInfo(ds('1.26.1-distroless', helm), undefined);
    const fix = renderValueFix(logLevelChanges(i), i, '--kubeconfig /tmp/k');
    assert.strictEqual(
      fix.command,
      "helm upgrade istio-cni istio/cni -n istio-system --reuse-values --set 'logging.level=default:info\\,cni-plugin:debug' --kubeconfig /tmp/k",
    );
    assert.strictEqual(fix.snippet, 'logging:\n  level: "default:info,cni-plugin:debug"');
  });

  it("Helm commands carry the connection as Helm's own flags: --kube-context, not kubectl's --context", () => {
    const i = installInfo(ds('1.26.1-distroless', helm), undefined);
    const fix = renderValueFix(logLevelChanges(i), i, "--kubeconfig '/tmp/my kube' --context icd-demo");
    assert.match(fix.command, / --kubeconfig '\/tmp\/my kube' --kube-context icd-demo$/);
    // A value is never taken for a flag, however it reads.
    assert.strictEqual(
      helmFlags("--kubeconfig '/a --context b' --context --context"),
      " --kubeconfig '/a --context b' --kube-context --context",
    );
    assert.strictEqual(helmFlags("--context 'it'\\''s'"), " --kube-context 'it'\\''s'");
    assert.strictEqual(helmFlags(''), '');
  });

  it('raise the log level: 1.23 nests under cni. (cni.logging.level); 1.22 sets cni.logLevel and the cni scope', () => {
    const i23 = installInfo(ds('1.23.2', helm), undefined);
    assert.match(
      renderValueFix(logLevelChanges(i23), i23).command,
      /--set 'cni\.logging\.level=default:info\\,cni-plugin:debug'/,
    );
    const i22 = installInfo(ds('1.22.8', helm, ['--log_output_level=default:info,cni:info']), undefined);
    const c22 = renderValueFix(logLevelChanges(i22), i22).command;
    assert.match(c22, /--set cni\.logLevel=debug --set 'global\.logging\.level=default:info\\,cni:debug'/);
  });

  it('Sail IstioCNI and IstioOperator paths; no marker patches the DaemonSet argument', () => {
    const sail = installInfo(
      ds('1.26.1', { ownerReferences: [{ kind: 'IstioCNI', name: 'default' }] }),
      undefined,
    );
    assert.strictEqual(
      renderValueFix([{ chart: 'cni', path: 'repair.deletePods', value: true }], sail).command,
      `kubectl patch istiocni default --type merge -p '{"spec":{"values":{"cni":{"repair":{"deletePods":true}}}}}'`,
    );
    const iop = installInfo(
      ds('1.22.3', {
        labels: {
          'operator.istio.io/managed': 'Reconcile',
          'install.operator.istio.io/owning-resource': 'mesh',
        },
      }),
      undefined,
    );
    assert.match(
      renderValueFix([{ chart: 'cni', path: 'chained', value: false }], iop).command,
      /^kubectl patch istiooperator mesh -n istio-system --type merge/,
    );
    const none = installInfo(ds('1.26.1'), undefined);
    assert.strictEqual(none?.method, 'unknown');
    assert.strictEqual(
      renderValueFix(logLevelChanges(none), none).command,
      `kubectl -n istio-system patch daemonset istio-cni-node --type json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/args/0","value":"--log_output_level=default:info,cni-plugin:debug"}]'`,
    );
    assert.strictEqual(
      renderValueFix([{ chart: 'cni', path: 'repair.deletePods', value: true }], none).command,
      'kubectl -n istio-system set env daemonset/istio-cni-node REPAIR_DELETE_PODS=true',
    );
  });

  it('settings: 1.22 from the cni_network_config template and env, 1.23 EXCLUDED_NAMESPACES, digest-pinned version from the ConfigMap', () => {
    const d22 = ds('1.22.8', helm);
    const c = d22.spec?.template?.spec?.containers?.[0];
    if (c)
      c.env = [
        { name: 'CHAINED_CNI_PLUGIN', value: 'true' },
        { name: 'LOG_LEVEL', value: 'debug' },
      ];
    const cm22: K8sConfigMap = {
      metadata: { name: 'istio-cni-config' },
      data: {
        cni_network_config:
          '{"type":"istio-cni","log_level":"debug","kubernetes":{"kubeconfig":"__KUBECONFIG_FILEPATH__","exclude_namespaces":["istio-system","kube-system"]}}',
      },
    };
    const i22 = installInfo(d22, cm22);
    assert.deepStrictEqual(i22?.settings.excludeNamespaces, ['istio-system', 'kube-system']);
    assert.strictEqual(i22?.settings.pluginLogLevel, 'debug');
    assert.strictEqual(i22?.settings.chained, true);
    const i23 = installInfo(ds('1.23.0', helm), { data: { EXCLUDED_NAMESPACES: 'kube-system,legacy' } });
    assert.deepStrictEqual(i23?.settings.excludeNamespaces, ['kube-system', 'legacy']);
    const pinned = { ...ds('x', helm) };
    const pc = pinned.spec?.template?.spec?.containers?.[0];
    if (pc) pc.image = 'registry.redhat.io/openshift-service-mesh/istio-cni-rhel9@sha256:0f1e2d3c';
    const ip = installInfo(pinned, { data: { CURRENT_AGENT_VERSION: '1.26.3' } });
    assert.deepStrictEqual([ip?.version, ip?.versionSource], ['1.26.3', 'CURRENT_AGENT_VERSION']);
  });

  it('withScope keeps other scopes and replaces the one asked for', () => {
    assert.strictEqual(
      withScope('default:warn,cni-plugin:info', 'cni-plugin', 'debug'),
      'default:warn,cni-plugin:debug',
    );
    assert.strictEqual(withScope('warn', 'cni-plugin', 'debug'), 'default:warn,cni-plugin:debug');
    assert.strictEqual(withScope(undefined, 'cni', 'debug'), 'default:info,cni:debug');
  });
});
