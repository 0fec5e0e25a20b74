/** A log level the plugin does not know. */
import { istioEntries } from '../istio';
import { propertyValue } from '../parse';
import { type Rule, finding, rangeOf } from './rule';

const LEVELS = ['debug', 'info', 'warn', 'error', 'fatal', 'none'];

export const invalidPluginLogLevel: Rule = {
  id: 'invalid-plugin-log-level',
  title: 'Unknown istio-cni log level',
  severity: 'info',
  source: 'istio/istio cni/pkg/plugin/plugin.go@1.30.3 (plugin_log_level)',
  fixable: false,
  description: `\`plugin_log_level\` (1.23+) or \`log_level\` (older) should be one of ${LEVELS.join(', ')}; otherwise the plugin falls back to its default and the logs you expect do not appear.`,
  check(model) {
    return model.candidates.flatMap((file) =>
      istioEntries(file).flatMap((e) =>
        ['plugin_log_level', 'log_level'].flatMap((key) => {
          const v = e.value[key];
          if (v === undefined || (typeof v === 'string' && LEVELS.includes(v))) return [];
          return [
            finding(
              this,
              file,
              rangeOf(file, propertyValue(e.node, key)),
              `Unknown ${key} ${JSON.stringify(v)} (use ${LEVELS.join(', ')}); the plugin falls back to its default level.`,
            ),
          ];
        }),
      ),
    );
  },
};
