/** A plugin list saved with the `.conf` (single config) extension. */
import { propertyNode } from '../parse';
import { type Rule, finding, keyRange } from './rule';

export const confIsConflist: Rule = {
  id: 'conf-is-conflist',
  title: '.conf file holds a plugin list',
  severity: 'error',
  source:
    'libcni ConfFromBytes; istio/istio cni/pkg/install/cniconfig.go@1.30.3 (getDefaultCNINetwork: "no \'type\'; perhaps this is a .conflist?")',
  fixable: false,
  description:
    'Runtimes read `.conf` and `.json` files as a single plugin config with a top-level `type`. A file with a ' +
    '`plugins` list and no `type` fails to load ("missing \'type\'"). Rename it to `.conflist`.',
  check(model) {
    return model.candidates
      .filter(
        (f) =>
          f.kind !== 'conflist' && f.value && Array.isArray(f.value.plugins) && f.value.type === undefined,
      )
      .map((file) =>
        finding(
          this,
          file,
          keyRange(file, propertyNode(file.root, 'plugins')),
          `This is a plugin list saved as .${file.kind}: runtimes read it as a single config and fail ("missing 'type'"); rename it to ${file.name.replace(/\.(conf|json)$/, '.conflist')}.`,
        ),
      );
  },
};
