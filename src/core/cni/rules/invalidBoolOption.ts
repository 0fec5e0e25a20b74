/** DisableCheck / disableGC / loadOnlyInlinedPlugins with a value libcni rejects. */
import { isValidBoolOption, propertyValue } from '../parse';
import { type Rule, finding, rangeOf } from './rule';

const KEYS = ['disableCheck', 'disableGC', 'loadOnlyInlinedPlugins'];

export const invalidBoolOption: Rule = {
  id: 'invalid-bool-option',
  title: 'Invalid value for a boolean list option',
  severity: 'error',
  source: 'libcni ConfListFromBytes (disableCheck, disableGC, loadOnlyInlinedPlugins)',
  fixable: true,
  description:
    '`disableCheck`, `disableGC` and `loadOnlyInlinedPlugins` must be booleans or the strings "true"/"false" ' +
    '(libcni: "invalid value ... for disableCheck"). Anything else makes the file unloadable. Quick fix: normalise a ' +
    'string such as "TRUE" to a boolean.',
  check(model) {
    return model.candidates.flatMap((file) => {
      if (file.kind !== 'conflist' || !file.value) return [];
      return KEYS.filter((k) => !isValidBoolOption(file.value?.[k])).map((key) => {
        const node = propertyValue(file.root, key);
        const range = rangeOf(file, node);
        const v = file.value?.[key];
        const bool =
          typeof v === 'string' && /^\s*(true|false|yes|no|1|0)\s*$/i.test(v)
            ? /^\s*(true|yes|1)\s*$/i.test(v)
            : undefined;
        return finding(
          this,
          file,
          range,
          `Invalid value ${JSON.stringify(v)} for ${key}: libcni rejects this config list, so the runtime cannot load it.`,
          bool === undefined
            ? {}
            : {
                fix: {
                  kind: 'edits',
                  title: `Set ${key} to ${String(bool)}`,
                  edits: [{ range, newText: String(bool) }],
                },
              },
        );
      });
    });
  },
};
