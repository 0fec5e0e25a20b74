/**
 * A CNI config directory as the runtimes, the istio-cni installer and Multus see it: files in
 * byte order, which file each of them picks, and Multus delegation resolved to files. Built
 * once per lint run; every directory rule reads it instead of re-deriving the order.
 */
import { type ConfigFile, parseConfigFile } from './parse';
import { type CniFileInput, type Runtime } from './types';
import { compareBytes } from './text';
import { type DelegationLink, delegationLinks, inlineRunsIstio } from './multus';
import { istioEntries, isStandaloneIstio } from './istio';

export interface DirectoryModel {
  runtime: Runtime;
  /** The directory's own path when the caller knows it (findings about an empty directory point here). */
  directory: string | undefined;
  /** The Istio version running on the node, when the caller knows it (`1.23.0`, `v1.30.3`). */
  istioVersion: string | undefined;
  /** Every file given, in byte order of its name (Go's sort.Strings). */
  files: ConfigFile[];
  /** Files a runtime considers: .conf, .conflist, .json. */
  candidates: ConfigFile[];
  /** The first loadable candidate: the default network (CRI-O always; containerd if nothing blocks it). */
  effective: ConfigFile | undefined;
  /** Invalid candidates sorting before `effective`: containerd aborts the whole load on them. */
  blockers: ConfigFile[];
  /** The file the istio-cni installer chains into by default (first valid .conf/.conflist). */
  istioTarget: ConfigFile | undefined;
  links: Map<ConfigFile, DelegationLink[]>;
  byName: Map<string, ConfigFile>;
}

export interface ModelContext {
  directory?: string | undefined;
  istioVersion?: string | undefined;
}

export function buildDirectoryModel(
  inputs: readonly CniFileInput[],
  runtime: Runtime,
  context: ModelContext = {},
): DirectoryModel {
  const files = inputs
    .map((f) => parseConfigFile(f.path, f.text, f.unreadable))
    .sort((a, b) => compareBytes(a.name, b.name));
  const candidates = files.filter((f) => f.kind !== 'other');
  const effectiveIndex = candidates.findIndex((f) => f.valid);
  const effective = candidates[effectiveIndex];
  const blockers = effectiveIndex < 0 ? candidates.slice() : candidates.slice(0, effectiveIndex);
  const istioTarget = candidates.find((f) => f.valid && f.kind !== 'json' && !isStandaloneIstio(f));
  const links = new Map<ConfigFile, DelegationLink[]>();
  for (const f of candidates) {
    const l = delegationLinks(f, candidates);
    if (l.length > 0) links.set(f, l);
  }
  return {
    runtime,
    directory: context.directory,
    istioVersion: context.istioVersion,
    files,
    candidates,
    effective,
    blockers,
    istioTarget,
    links,
    byName: new Map(files.map((f) => [f.name, f])),
  };
}

/** Where istio-cni runs for a pod whose default network is `file`: one entry per invocation. */
export interface IstioReach {
  file: ConfigFile;
  /** Where it comes from: the file's own chain, a Multus delegate copy, or a clusterNetwork target. */
  via: 'chain' | 'delegate' | 'clusterNetwork';
  link: DelegationLink | undefined;
}

export function istioReach(model: DirectoryModel, file: ConfigFile): IstioReach[] {
  const reach: IstioReach[] = istioEntries(file).map(() => ({
    file,
    via: 'chain' as const,
    link: undefined,
  }));
  for (const link of model.links.get(file) ?? []) {
    if (link.kind === 'delegate' && inlineRunsIstio(link.inline)) reach.push({ file, via: 'delegate', link });
    if (
      link.kind === 'clusterNetwork' &&
      link.target &&
      link.target !== file &&
      istioEntries(link.target).length > 0
    ) {
      reach.push({ file: link.target, via: 'clusterNetwork', link });
    }
  }
  return reach;
}

/** Files referenced from `file` through Multus (targets of delegates and clusterNetwork). */
export function referencedFiles(model: DirectoryModel, file: ConfigFile): ConfigFile[] {
  return (model.links.get(file) ?? []).map((l) => l.target).filter((t): t is ConfigFile => t !== undefined);
}

/** True if any file holds an istio-cni entry in chained form (not the standalone Multus file). */
export function chainedIstioFiles(model: DirectoryModel): ConfigFile[] {
  return model.candidates.filter(
    (f) =>
      !isStandaloneIstio(f) &&
      (istioEntries(f).length > 0 || (model.links.get(f) ?? []).some((l) => inlineRunsIstio(l.inline))),
  );
}
