/** A plugin without a string `type` (libcni: "missing 'type'"). */
import { propertyNode } from '../parse';
import { type Rule, finding, keyRange, rangeOf } from './rule';

export const missingType: Rule = {
  id: 'missing-type',
  title: 'Plugin has no "type"',
  severity: 'error',
  source: 'libcni ConfFromBytes ("missing \'type\'")',
  fixable: false,
  description:
    'Every plugin object needs a non-empty string `type`, the name of the binary in the CNI bin dir ' +
    '(libcni: "error parsing configuration: missing \'type\'"). The file cannot be loaded; if it is the default ' +
    'config, pods on the node get no network.',
  check(model) {
    return model.candidates.flatMap((file) => {
      if (!file.value) return [];
      if (file.kind !== 'conflist') {
        if (
          Array.isArray(file.value.plugins) ||
          (typeof file.value.type === 'string' && file.value.type !== '')
        )
          return [];
        const prop = propertyNode(file.root, 'type');
        return [
          finding(
            this,
            file,
            prop ? keyRange(file, prop) : rangeOf(file),
            `CNI config has no usable "type" (libcni: "missing 'type'"); the runtime cannot load it, so pods relying on it get no network.`,
          ),
        ];
      }
      return file.plugins
        .filter((p) => p.type === undefined || p.type === '')
        .map((p) =>
          finding(
            this,
            file,
            propertyNode(p.node, 'type')
              ? keyRange(file, propertyNode(p.node, 'type'))
              : file.lines.range(p.node.offset, 1),
            p.node.type === 'object'
              ? `Plugin #${p.index + 1} has no usable "type" (libcni: "failed to parse plugin config ${p.index}: missing 'type'"); the whole list fails to load.`
              : `Plugin #${p.index + 1} is not a JSON object; the whole list fails to load.`,
          ),
        );
    });
  },
};
