/**
 * Files no runtime reads that look like configs put aside: Cilium's `*.cilium_bak` renames
 * (cilium/cilium `daemon/cmd/cni/config.go` `cleanupOtherCNI`) and editor or package-manager
 * backups. Harmless to pods, but they confuse whoever reads the directory during an incident.
 */
import { type Rule, finding, rangeOf } from './rule';

const BACKUP =
  /(\.cilium_bak|\.bak|\.backup|\.orig|\.old|\.save|\.disabled|\.dpkg-old|\.dpkg-dist|\.rpmsave|\.rpmnew|~)$/;
const CONFIG_LIKE = /\.(conf|conflist|json)/;

export const leftoverConfigFile: Rule = {
  id: 'leftover-config-file',
  title: 'Leftover copy of a CNI config',
  severity: 'info',
  source:
    'libcni ConfFiles (only .conf, .conflist and .json are read); cilium/cilium daemon/cmd/cni/config.go (cleanupOtherCNI)',
  fixable: false,
  description:
    'Runtimes read only `.conf`, `.conflist` and `.json` files, so a renamed config (`10-calico.conflist.cilium_bak`, ' +
    '`00-multus.conf.bak`, `10-flannel.conflist~`) does nothing. It is usually left by Cilium in exclusive mode, an ' +
    'editor or a package upgrade. Delete it, or restore its name if it was meant to be active.',
  check(model) {
    return model.files
      .filter((f) => f.kind === 'other' && BACKUP.test(f.name) && CONFIG_LIKE.test(f.name))
      .slice(0, 50)
      .map((file) =>
        finding(
          this,
          file,
          rangeOf(file),
          `${file.name} is not read by the runtime (only .conf, .conflist and .json are)${file.name.endsWith('.cilium_bak') ? '; Cilium renamed it in exclusive mode' : ''}. Delete it, or restore its name if it should be active.`,
        ),
      );
  },
};
