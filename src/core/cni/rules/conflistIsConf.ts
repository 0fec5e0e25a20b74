/** a single plugin config saved with the `.conflist` extension. */
import { propertyNode } from '../parse';
import { type Rule, finding, keyRange } from './rule';

export const conflistIsConf: Rule = {
  id: 'conflist-is-conf',
  title: '.conflist file holds a single plugin config',
  severity: 'error',
  source: 'libcni ConfListFromBytes ("no \'plugins\' key")',
  fixable: false,
  description:
    'A `.conflist` needs `name` and a `plugins` array; a file with a top-level `type` and no `plugins` is a single ' +
    'config with the wrong extension and fails to load ("no \'plugins\' key"). Rename it to `.conf`, or wrap the ' +
    'plugin into `plugins`.',
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
        ),
      );
  },
};
