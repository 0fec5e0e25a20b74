/** the file is not strict JSON, so libcni (Go's encoding/json) cannot load it. */
import { type Rule, finding } from './rule';

export const invalidJson: Rule = {
  id: 'invalid-json',
  title: 'File is not valid JSON',
  severity: 'error',
  source: 'libcni ConfFromBytes / ConfListFromBytes (Go encoding/json); containerd go-cni loadFromConfDir',
  fixable: false,
  description:
    "CNI config files are read with Go's strict JSON decoder: no comments, no trailing commas, no byte-order mark. " +
    'containerd aborts loading the whole directory at the first invalid file (so every new pod on the node fails with ' +
    '"cni config load failed ... invalid cni config" if this file sorts before the active one); CRI-O and the istio-cni ' +
    'installer skip it. Fix the syntax, or move the file out of the directory.',
  check(model) {
    return model.candidates.flatMap((file) =>
      file.syntax.map((p) =>
        finding(
          this,
          file,
          file.lines.range(p.offset, p.length),
          `Invalid JSON: ${p.message}. containerd refuses to load any CNI config while this file sorts before the active one; CRI-O and istio-cni skip it.`,
        ),
      ),
    );
  },
};
