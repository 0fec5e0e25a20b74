/** The file is not strict JSON, so libcni (Go's encoding/json) cannot load it. */
import { type ConfigFile, type SyntaxProblem } from '../parse';
import { type Fix } from '../types';
import { type Rule, finding } from './rule';

/** The two problems with one obviously right repair: a byte-order mark and a trailing comma. */
function repair(file: ConfigFile, p: SyntaxProblem): Fix | undefined {
  if (p.offset === 0 && file.text.charCodeAt(0) === 0xfeff)
    return {
      kind: 'edits',
      title: 'Remove the byte-order mark',
      edits: [{ range: file.lines.range(0, 1), newText: '' }],
    };
  if (!p.message.startsWith('trailing comma')) return undefined;
  let i = p.offset - 1;
  while (i >= 0 && /\s/.test(file.text.charAt(i))) i--;
  if (file.text.charAt(i) !== ',') return undefined;
  return {
    kind: 'edits',
    title: 'Remove the trailing comma',
    edits: [{ range: file.lines.range(i, 1), newText: '' }],
  };
}

export const invalidJson: Rule = {
  id: 'invalid-json',
  title: 'File is not valid JSON',
  severity: 'error',
  source: 'libcni ConfFromBytes / ConfListFromBytes (Go encoding/json); containerd go-cni loadFromConfDir',
  fixable: true,
  description:
    "CNI config files are read with Go's strict JSON decoder: no comments, no trailing commas, no byte-order mark. " +
    'containerd aborts loading the whole directory at the first invalid file (so every new pod on the node fails with ' +
    '"cni config load failed ... invalid cni config" if this file sorts before the active one); CRI-O and the istio-cni ' +
    'installer skip it. Fix the syntax, or move the file out of the directory. Quick fixes remove a byte-order mark ' +
    'or a trailing comma.',
  check(model) {
    return model.candidates.flatMap((file) =>
      file.syntax.map((p) =>
        finding(
          this,
          file,
          file.lines.range(p.offset, p.length),
          `Invalid JSON: ${p.message}. containerd refuses to load any CNI config while this file sorts before the active one; CRI-O and istio-cni skip it.`,
          { fix: repair(file, p) },
        ),
      ),
    );
  },
};
