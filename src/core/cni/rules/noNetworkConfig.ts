/** C-D01: nothing in the directory can be loaded. */
import { type Rule, finding, rangeOf } from './rule';

export const noNetworkConfig: Rule = {
  id: 'no-network-config',
  title: 'No loadable CNI config in the directory',
  severity: 'error',
  source: 'C-D01',
  fixable: false,
  description:
    'If no `.conf`, `.conflist` or `.json` file in the directory can be loaded, the runtime reports ' +
    '"cni plugin not initialized", the node goes NotReady and no pod can start on it.',
  check(model) {
    if (model.effective || model.candidates.length === 0) return [];
    return model.candidates.map((file) =>
      finding(
        this,
        file,
        rangeOf(file),
        `No loadable CNI config in this directory (${file.name}: ${file.invalidReason ?? 'invalid'}): the node goes NotReady ("cni plugin not initialized") and no pod can start.`,
      ),
    );
  },
};
