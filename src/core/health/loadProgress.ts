/**
 * How far a cluster load has got, as one short line for a progress bar (the explorer) or a
 * terminal status line (the CLI): "pods 40,000…, events…". A load runs several lists at once
 * (three pod queries, four event queries), so items are summed per resource and only the
 * resources still being read are named.
 */

/** Structurally the `step` of src/cluster's LoadProgress (core cannot import src/cluster). */
export interface LoadStep {
  id: string;
  what: string;
  items: number;
  done: boolean;
}

const MAX_SHOWN = 3;

export class LoadProgressTracker {
  private readonly steps = new Map<string, LoadStep>();
  private last = '';

  /** Records a step; true when the line changed. */
  update(step: LoadStep): boolean {
    this.steps.set(step.id, { ...step });
    const text = this.compute();
    if (text === this.last) return false;
    this.last = text;
    return true;
  }

  /** The line now: the resources still being read, each with its items so far ('' before any). */
  text(): string {
    return this.last;
  }

  private compute(): string {
    const totals = new Map<string, { items: number; active: boolean }>();
    for (const s of this.steps.values()) {
      const t = totals.get(s.what) ?? { items: 0, active: false };
      t.items += s.items;
      t.active ||= !s.done;
      totals.set(s.what, t);
    }
    const active = [...totals].filter(([, t]) => t.active);
    // Between two rounds nothing is active for a moment: keep the line as it was.
    if (active.length === 0) return this.last;
    const shown = active
      .slice(0, MAX_SHOWN)
      .map(([what, t]) => (t.items > 0 ? `${what} ${t.items.toLocaleString('en-US')}…` : `${what}…`));
    if (active.length > MAX_SHOWN) shown.push('…');
    return shown.join(', ');
  }
}
