/** A conflist whose `plugins` is missing, not an array, or empty. */
import { propertyNode } from '../parse';
import { type Rule, finding, keyRange, rangeOf } from './rule';
import { type TextEdit } from '../types';

function nearMiss(keys: string[]): string | undefined {
  return keys.find((k) => k !== 'plugins' && distance(k.toLowerCase(), 'plugins') <= 2);
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0] ?? 0;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j] ?? 0;
      d[j] = Math.min((d[j] ?? 0) + 1, (d[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length] ?? 0;
}

export const missingPlugins: Rule = {
  id: 'missing-plugins',
  title: '"plugins" is missing, not an array, or empty',
  severity: 'error',
  source: 'libcni ConfListFromBytes ("no \'plugins\' key", "no plugins in list")',
  fixable: true,
  description:
    'A `.conflist` must hold a non-empty `plugins` array (libcni: "no \'plugins\' key", "no plugins in list"). ' +
    'The runtime cannot load the file; if it is the default config, pods get no network. A misspelled key such as ' +
    '`pugins` is offered a rename.',
  check(model) {
    return model.candidates
      .filter((f) => f.kind === 'conflist' && f.value && f.value.type === undefined)
      .flatMap((file) => {
        const plugins = file.value?.plugins;
        if (Array.isArray(plugins) && plugins.length > 0) return [];
        const prop = propertyNode(file.root, 'plugins');
        if (prop) {
          const what = Array.isArray(plugins)
            ? 'is empty (libcni: "no plugins in list")'
            : 'is not an array (libcni: "invalid \'plugins\' type")';
          return [
            finding(
              this,
              file,
              keyRange(file, prop),
              `"plugins" ${what}; the runtime cannot load this file, so pods relying on it get no network.`,
            ),
          ];
        }
        const typo = nearMiss(Object.keys(file.value ?? {}));
        const typoNode = typo ? propertyNode(file.root, typo) : undefined;
        const edits: TextEdit[] = typoNode?.children?.[0]
          ? [{ range: rangeOf(file, typoNode.children[0]), newText: '"plugins"' }]
          : [];
        return [
          finding(
            this,
            file,
            typoNode ? keyRange(file, typoNode) : rangeOf(file),
            `CNI config list has no "plugins"${typo ? ` (did you mean "plugins" instead of "${typo}"?)` : ''} (libcni: "no 'plugins' key"); the runtime cannot load it, so pods relying on it get no network.`,
            edits.length > 0
              ? { fix: { kind: 'edits', title: `Rename "${typo ?? ''}" to "plugins"`, edits } }
              : {},
          ),
        ];
      });
  },
};
