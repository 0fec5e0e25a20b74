/** A network name the CNI spec does not allow. */
import { propertyValue } from '../parse';
import { type Rule, finding, rangeOf } from './rule';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const invalidNetworkName: Rule = {
  id: 'invalid-network-name',
  title: 'Network name violates the CNI spec',
  severity: 'warning',
  source: 'CNI spec (network name: alphanumerics, -, _ and .)',
  fixable: false,
  description:
    'The CNI spec says a network name starts with a letter or digit and contains only letters, digits, `_`, `.` ' +
    'and `-`. Some runtimes and Multus use the name in file paths and cache keys; other names can fail pod setup.',
  check(model) {
    return model.candidates.flatMap((file) => {
      const n = file.value?.name;
      if (typeof n !== 'string' || NAME.test(n)) return [];
      return [
        finding(
          this,
          file,
          rangeOf(file, propertyValue(file.root, 'name')),
          `Network name "${n}" does not match the CNI spec ([A-Za-z0-9][A-Za-z0-9_.-]*); runtimes that use it in cache paths may fail pod setup.`,
        ),
      ];
    });
  },
};
