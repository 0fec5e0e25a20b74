import * as assert from 'assert';
import { LoadProgressTracker } from '../../../src/core/health/loadProgress';

describe('LoadProgressTracker', () => {
  it('sums items per resource and names only the resources still being read', () => {
    const t = new LoadProgressTracker();
    assert.strictEqual(t.text(), '');
    assert.ok(t.update({ id: 'nodes', what: 'nodes', items: 0, done: false }));
    assert.strictEqual(t.text(), 'nodes…');
    t.update({ id: 'sidecar-pods', what: 'pods', items: 40_000, done: false });
    t.update({ id: 'pending-pods', what: 'pods', items: 500, done: false });
    assert.strictEqual(t.text(), 'nodes…, pods 40,500…');
    t.update({ id: 'nodes', what: 'nodes', items: 5000, done: true });
    t.update({ id: 'events-x', what: 'events', items: 0, done: false });
    assert.strictEqual(t.text(), 'pods 40,500…, events…');
    // A done pod list still counts in "pods read so far".
    t.update({ id: 'pending-pods', what: 'pods', items: 600, done: true });
    assert.strictEqual(t.text(), 'pods 40,600…, events…');
  });

  it('keeps the line between two rounds, and says when nothing changed', () => {
    const t = new LoadProgressTracker();
    t.update({ id: 'a', what: 'pods', items: 3, done: false });
    assert.ok(t.update({ id: 'a', what: 'pods', items: 3, done: true }) === false);
    assert.strictEqual(t.text(), 'pods 3…');
    assert.strictEqual(t.update({ id: 'a', what: 'pods', items: 3, done: true }), false);
  });

  it('names at most three resources', () => {
    const t = new LoadProgressTracker();
    for (const what of ['pods', 'events', 'nodes', 'namespaces'])
      t.update({ id: what, what, items: 1, done: false });
    assert.strictEqual(t.text(), 'pods 1…, events 1…, nodes 1…, …');
  });
});
