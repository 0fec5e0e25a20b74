/**
 * The API server's object store: objects by kind, a global resourceVersion counter, the event
 * history watches resume from, and compaction (an older resourceVersion is then "too old", 410).
 * Each kind keeps its objects sorted by namespace/name (byte order, like etcd keys), and per
 * namespace, until one of them changes: a page of a 150,000-pod list does not sort the cluster
 * again, and a namespaced list reads only its namespace (as etcd reads only its key prefix).
 */
import { type Scenario, type ScenarioObject } from '../scenarios/loadScenario';
import { type Selectable, selectableOf } from './selectors';

export type StoredObject = ScenarioObject;
export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface HistoryEntry {
  rv: number;
  type: WatchType;
  object: StoredObject;
  /** The object before a MODIFIED (a watch with a selector turns it into ADDED or DELETED). */
  prev?: StoredObject;
}

export type Listener = (entry: HistoryEntry) => void;

const key = (kind: string, namespace: string | undefined, name: string): string =>
  `${kind}/${namespace ?? ''}/${name}`;
const clone = <T>(value: T): T => structuredClone(value);

export class ObjectStore {
  private readonly objects = new Map<string, StoredObject>();
  /** Per kind: its objects sorted by sortKey, and per namespace; dropped when one changes. */
  private readonly sorted = new Map<string, SortedKind>();
  private history: HistoryEntry[] = [];
  private readonly listeners = new Set<Listener>();
  private rv = 1000;
  /** Watches from a resourceVersion below this get 410 Gone. */
  compactedBelow = 0;

  constructor(scenario?: Scenario) {
    for (const object of scenario?.objects ?? []) this.put(object, false, scenario?.shared !== true);
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  /**
   * Objects of a kind (optionally in one namespace), sorted by namespace/name like etcd keys,
   * with each one's label and field sets at the same index (computed once, in one pass, so they
   * sit together in memory as the watch cache's do). The store's own index: read it, do not
   * change it.
   */
  index(kind: string, namespace?: string): SortedObjects {
    let index = this.sorted.get(kind);
    if (!index) {
      const keyed: [string, StoredObject][] = [];
      for (const [k, object] of this.objects)
        if (k.startsWith(`${kind}/`)) keyed.push([sortKey(object), object]);
      keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const all: SortedObjects = { objects: [], sets: [] };
      const byNamespace = new Map<string, SortedObjects>();
      for (const [, o] of keyed) {
        const sets = selectableOf(o);
        const ns = o.metadata.namespace ?? '';
        let inNamespace = byNamespace.get(ns);
        if (!inNamespace) byNamespace.set(ns, (inNamespace = { objects: [], sets: [] }));
        for (const into of [all, inNamespace]) {
          into.objects.push(o);
          into.sets.push(sets);
        }
      }
      index = { all, byNamespace };
      this.sorted.set(kind, index);
    }
    return namespace === undefined
      ? index.all
      : (index.byNamespace.get(namespace) ?? { objects: [], sets: [] });
  }

  /** Objects of a kind (optionally in one namespace), sorted by namespace/name like etcd keys. */
  list(kind: string, namespace?: string): readonly StoredObject[] {
    return this.index(kind, namespace).objects;
  }

  get(kind: string, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.objects.get(key(kind, namespace, name));
  }

  /** Adds or replaces an object; emits ADDED or MODIFIED to watchers. */
  put(object: StoredObject, emit = true, copy = true): StoredObject {
    const stored = copy ? clone(object) : object;
    const k = key(stored.kind, stored.metadata.namespace, stored.metadata.name);
    const prev = this.objects.get(k);
    const type: WatchType = prev ? 'MODIFIED' : 'ADDED';
    this.sorted.delete(stored.kind);
    stored.metadata.resourceVersion = String(++this.rv);
    stored.metadata.uid ??= `uid-${k.replace(/[^A-Za-z0-9]/g, '-')}`;
    stored.metadata.creationTimestamp ??= new Date(Date.UTC(2025, 0, 1)).toISOString().replace('.000', '');
    this.objects.set(k, stored);
    if (emit) this.record(type, stored, prev);
    return stored;
  }

  remove(kind: string, namespace: string | undefined, name: string): boolean {
    const k = key(kind, namespace, name);
    const existing = this.objects.get(k);
    if (!existing) return false;
    this.objects.delete(k);
    this.sorted.delete(kind);
    const gone = clone(existing);
    gone.metadata.resourceVersion = String(++this.rv);
    this.record('DELETED', gone);
    return true;
  }

  /**
   * An API server rebuilt or restored from an etcd backup: the same objects, every
   * resourceVersion counted again from `from`, no history. Clients resuming from a version above
   * the new counter get "too large resource version".
   */
  resetVersions(from = 100): void {
    this.rv = from;
    this.sorted.clear();
    this.history = [];
    this.compactedBelow = 0;
    for (const o of this.objects.values()) o.metadata.resourceVersion = String(++this.rv);
  }

  /** Forgets history: watches resuming from before now get 410. */
  compact(): void {
    this.compactedBelow = this.rv;
    this.history = [];
  }

  /** History entries after `rv` (exclusive), or undefined when rv was compacted. */
  since(rv: number): HistoryEntry[] | undefined {
    if (rv < this.compactedBelow) return undefined;
    return this.history.filter((e) => e.rv > rv);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(type: WatchType, object: StoredObject, prev?: StoredObject): void {
    const entry: HistoryEntry = { rv: this.rv, type, object, ...(prev ? { prev } : {}) };
    this.history.push(entry);
    if (this.history.length > 10_000) {
      this.history.splice(0, 5_000);
      this.compactedBelow = (this.history[0]?.rv ?? this.rv) - 1;
    }
    for (const l of this.listeners) l(entry);
  }
}

interface SortedObjects {
  objects: StoredObject[];
  sets: Selectable[];
}

interface SortedKind {
  all: SortedObjects;
  byNamespace: Map<string, SortedObjects>;
}

const sortKey = (o: StoredObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
