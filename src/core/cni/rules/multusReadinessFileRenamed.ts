/**
 * A Multus `readinessindicatorfile` that names a `.conf` Istio's installer renamed to
 * `.conflist` (istio/istio `cni/pkg/install/cniconfig.go@1.30.3` `writeCNIConfig`: "Renaming %s
 * extension to .conflist"). Multus waits for that file on every pod ADD
 * (multus-cni `pkg/types/conf.go@v4.3.0` `GetReadinessIndicatorFile`), so every pod fails.
 */
import { type ConfigFile, propertyValue } from '../parse';
import { multusPlugins } from '../multus';
import { type Finding } from '../types';
import { type Rule, finding, modifyEdits, rangeOf, related } from './rule';

function renamedTarget(
  file: ConfigFile,
  path: string,
  byName: Map<string, ConfigFile>,
): ConfigFile | undefined {
  const base = path.split('/').pop() ?? '';
  if (!base.endsWith('.conf') || byName.has(base) || !/cni\/net\.d$/.test(path.slice(0, -base.length - 1)))
    return undefined;
  const renamed = byName.get(`${base}list`);
  return renamed && renamed !== file ? renamed : undefined;
}

export const multusReadinessFileRenamed: Rule = {
  id: 'multus-readiness-file-renamed',
  title: "Multus waits for a readiness file that Istio's installer renamed",
  severity: 'error',
  source:
    'istio/istio#22449; istio/istio cni/pkg/install/cniconfig.go@1.30.3 (writeCNIConfig); multus-cni pkg/types/conf.go@v4.3.0 (GetReadinessIndicatorFile)',
  fixable: true,
  description:
    "Multus's `readinessindicatorfile` names the default network's config file; Multus waits for it before every " +
    'pod ADD. When that file is a `.conf`, istio-cni chaining into it wraps it as a list and renames it to ' +
    '`.conflist`, so the file Multus waits for never appears again and every pod on the node fails to start ' +
    '(istio/istio#22449). Quick fix: point the setting at the `.conflist` (an edit of this file); make it durable in ' +
    "Multus's own arguments (`--readiness-indicator-file`), since Multus regenerates this file.",
  check(model) {
    const out: Finding[] = [];
    for (const file of model.candidates) {
      for (const plugin of multusPlugins(file)) {
        const value = plugin.value.readinessindicatorfile;
        if (typeof value !== 'string') continue;
        const target = renamedTarget(file, value, model.byName);
        if (!target) continue;
        const node = propertyValue(plugin.node, 'readinessindicatorfile');
        const path =
          plugin.node === file.root
            ? ['readinessindicatorfile']
            : ['plugins', plugin.index, 'readinessindicatorfile'];
        out.push(
          finding(
            this,
            file,
            rangeOf(file, node),
            `Multus waits for readiness file ${value}, but istio-cni's installer renamed it to ${target.name} when it chained into it: Multus times out on every pod ADD, so no pod on this node starts. Point readinessindicatorfile (Multus --readiness-indicator-file) at ${value}list.`,
            {
              related: [related(target, 'the renamed file (istio-cni wrapped the .conf as a list)')],
              fix: {
                kind: 'edits',
                title: `Wait for ${target.name} instead`,
                edits: modifyEdits(file, path, `${value}list`),
              },
            },
          ),
        );
      }
    }
    return out;
  },
};
