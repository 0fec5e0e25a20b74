/** A conflist without a string `name` is rejected by libcni. */
import { propertyNode } from '../parse';
import { type Rule, finding, keyRange, modifyEdits, rangeOf } from './rule';

export const missingName: Rule = {
  id: 'missing-name',
  title: 'Config list has no "name"',
  severity: 'error',
  source: 'libcni ConfListFromBytes ("no name")',
  fixable: true,
  description:
    'A `.conflist` must have a string `name` (libcni: "error parsing configuration list: no name"). Without it the ' +
    'runtime cannot load the file; if it is the default config, pods on the node get no network. ' +
    'Quick fix: insert a name derived from the file name.',
  check(model) {
    return model.candidates
      .filter((f) => f.kind === 'conflist' && f.value && typeof f.value.name !== 'string')
      .map((file) => {
        const prop = propertyNode(file.root, 'name');
        const stem = file.name.replace(/\.conflist$/, '').replace(/^[^A-Za-z0-9]+/, '') || 'cni-network';
        const message = prop
          ? '"name" must be a string; libcni cannot load this config list ("invalid name type"), so pods relying on it get no network.'
          : 'CNI config list has no "name" (libcni: "error parsing configuration list: no name"); the runtime cannot load it, so pods relying on it get no network.';
        return finding(this, file, prop ? keyRange(file, prop) : rangeOf(file), message, {
          fix: {
            kind: 'edits',
            title: `Set "name": "${stem}"`,
            edits: modifyEdits(file, ['name'], stem, !prop),
          },
        });
      });
  },
};
