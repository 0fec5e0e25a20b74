/**
 * A directory entry that cannot be read: a dangling symlink, a symlink loop, a FIFO or device.
 * libcni lists config files by name (`ConfFiles`) and then fails to read this one, so the
 * runtime fails on it exactly as on invalid JSON; silently skipping it would hide that.
 */
import { type Rule, finding, rangeOf } from './rule';

export const unreadableFile: Rule = {
  id: 'unreadable-file',
  title: 'Directory entry cannot be read (dangling symlink, symlink loop, not a regular file)',
  severity: 'error',
  source: 'libcni ConfFiles / ConfFromFile (lists by name, then reads); containerd go-cni loadFromConfDir',
  fixable: false,
  description:
    'The entry is a symlink to a missing file, a symlink loop, or not a regular file (a FIFO or device). ' +
    'Runtimes pick config files by name (`.conf`, `.conflist`, `.json`) and then fail to read this one: containerd ' +
    'refuses the whole directory ("cni config load failed", the node goes NotReady) when it sorts before the active ' +
    'config, and CRI-O skips it with an error. A non-config name (a kubeconfig a plugin reads) makes that plugin ' +
    'fail instead. Fix the link target or remove the entry.',
  check(model) {
    return model.files
      .filter((f) => f.unreadable !== undefined)
      .map((file) =>
        finding(
          this,
          file,
          rangeOf(file),
          file.kind === 'other'
            ? `${file.name} cannot be read (${file.unreadable ?? ''}); any plugin that reads it fails.`
            : `${file.name} cannot be read (${file.unreadable ?? ''}): the runtime lists it by name and fails on it (containerd refuses the directory if it sorts before the active config: "cni config load failed").`,
          { severity: file.kind === 'other' ? 'warning' : 'error' },
        ),
      );
  },
};
