/**
 * Lookups over a built tree: an item's parent (TreeView.reveal needs getParent) and the row for
 * a pod, node or owner named from elsewhere (a log hover, a diagnostic, "reveal owner").
 */
import type { ExplorerItem } from './item';

export class TreeIndex {
  private readonly parents = new Map<string, ExplorerItem | undefined>();
  private readonly all: ExplorerItem[] = [];

  constructor(roots: ExplorerItem[]) {
    const walk = (items: ExplorerItem[], parent: ExplorerItem | undefined): void => {
      for (const item of items) {
        this.parents.set(item.id, parent);
        this.all.push(item);
        walk(item.children, item);
      }
    };
    walk(roots, undefined);
  }

  parentOf(item: ExplorerItem): ExplorerItem | undefined {
    return this.parents.get(item.id);
  }

  get size(): number {
    return this.all.length;
  }

  /** `namespace/name` or a bare pod name; the row under its node first. */
  findPod(ref: string): ExplorerItem | undefined {
    const slash = ref.indexOf('/');
    const ns = slash >= 0 ? ref.slice(0, slash) : undefined;
    const name = slash >= 0 ? ref.slice(slash + 1) : ref;
    return this.all.find(
      (i) =>
        (i.kind === 'pod' || i.kind === 'cniPod') &&
        i.target.pod?.name === name &&
        (ns === undefined || i.target.pod.namespace === ns),
    );
  }

  findNode(name: string): ExplorerItem | undefined {
    return this.all.find((i) => i.kind === 'node' && i.target.node === name);
  }

  findOwner(owner: { namespace: string; kind: string; name: string }): ExplorerItem | undefined {
    return this.all.find(
      (i) =>
        i.kind === 'owner' &&
        i.target.owner?.namespace === owner.namespace &&
        i.target.owner.kind === owner.kind &&
        i.target.owner.name === owner.name,
    );
  }
}
