/** Keys the runtime fills in at call time, written into a static config. */
import { type Node } from 'jsonc-parser';
import { getNodePath } from 'jsonc-parser';
import { type Rule, finding, keyRange, modifyEdits } from './rule';
import { type ConfigFile } from '../parse';

const RESERVED = (key: string): boolean =>
  key === 'runtimeConfig' || key === 'args' || key.startsWith('cni.dev/');

function reservedProps(file: ConfigFile): Node[] {
  // Check the plain values first so the (lazily built) nodes of clean plugins are never expanded.
  const withReserved = file.plugins.filter((p) => Object.keys(p.value).some(RESERVED)).map((p) => p.node);
  const rootHas = file.value !== undefined && Object.keys(file.value).some(RESERVED);
  const objects = [rootHas ? file.root : undefined, ...withReserved].filter(
    (n): n is Node => n?.type === 'object',
  );
  return [...new Set(objects)].flatMap((o) =>
    (o.children ?? []).filter(
      (p) => typeof p.children?.[0]?.value === 'string' && RESERVED(String(p.children[0].value)),
    ),
  );
}

export const reservedKey: Rule = {
  id: 'reserved-key',
  title: 'Key reserved for the runtime',
  severity: 'warning',
  source: 'CNI spec (runtimeConfig and args are set by the runtime)',
  fixable: true,
  description:
    '`runtimeConfig`, `args` and keys starting with `cni.dev/` are reserved by the CNI spec: the runtime injects ' +
    'them per pod. A static value is overwritten or confuses plugins. Quick fix: remove the key.',
  check(model) {
    return model.candidates.flatMap((file) =>
      reservedProps(file).map((prop) => {
        const key = String(prop.children?.[0]?.value);
        const path = getNodePath(prop.children?.[1] ?? prop);
        return finding(
          this,
          file,
          keyRange(file, prop),
          `"${key}" is reserved for the runtime, which sets it for each pod; a static value here is overwritten or confuses plugins.`,
          { fix: { kind: 'edits', title: `Remove "${key}"`, edits: modifyEdits(file, path, undefined) } },
        );
      }),
    );
  },
};
