/** A single plugin config saved with the `.conflist` extension. */
import { propertyNode } from '../parse';
import { type Rule, finding, keyRange } from './rule';
import { type Fix } from '../types';

export const conflistIsConf: Rule = {
  id: 'conflist-is-conf',
  title: '.conflist file holds a single plugin config',
  severity: 'error',
  source: 'libcni ConfListFromBytes ("no \'plugins\' key")',
  fixable: true,
  description:
    'A `.conflist` needs `name` and a `plugins` array; a file with a top-level `type` and no `plugins` is a single ' +
    'config with the wrong extension and fails to load ("no \'plugins\' key"). Rename it to `.conf`, or wrap the ' +
    'plugin into `plugins`. Quick fix: wrap it as a list with the same `name` and `cniVersion` (an edit of this file).',
  check(model) {
    return model.candidates
      .filter(
        (f) =>
          f.kind === 'conflist' &&
          f.value &&
          typeof f.value.type === 'string' &&
          f.value.plugins === undefined,
      )
      .map((file) =>
        finding(
          this,
          file,
          keyRange(file, propertyNode(file.root, 'type')),
          `This is a single-plugin config saved as .conflist: the runtime cannot load it ("no 'plugins' key"); rename it to ${file.name.replace(/\.conflist$/, '.conf')} or wrap it into "plugins".`,
          { fix: wrapFix(file.text, file.value ?? {}, file.name) },
        ),
      );
  },
};

/** The whole file rewritten as a list holding the single config, keeping name and cniVersion on top. */
function wrapFix(text: string, value: Record<string, unknown>, fileName: string): Fix {
  const { cniVersion, name, ...plugin } = value;
  const list = {
    cniVersion: typeof cniVersion === 'string' ? cniVersion : '0.3.1',
    name: typeof name === 'string' ? name : fileName.replace(/\.conflist$/, ''),
    plugins: [plugin],
  };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const last = lines.length - 1;
  return {
    kind: 'edits',
    title: 'Wrap the config into "plugins"',
    edits: [
      {
        range: { start: { line: 0, character: 0 }, end: { line: last, character: lines[last]?.length ?? 0 } },
        newText: JSON.stringify(list, null, 2).replace(/\n/g, eol) + eol,
      },
    ],
  };
}
