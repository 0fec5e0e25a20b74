import * as assert from 'assert';
import * as path from 'path';
import { podCniLinesPath, podLogPath, TITLE_SLASH } from '../../../src/core/explorer/logTitle';

/** What VS Code shows in the tab: the last segment of the URI path. */
const tab = (p: string): string => path.posix.basename(p);

describe('log document titles', () => {
  it('name the pod and the container in the tab, not only the container', () => {
    const p = podLogPath({
      namespace: 'bookinfo',
      pod: 'ratings-v1-x47xfpwxcl-6cvg8',
      container: 'istio-validation',
    });
    assert.strictEqual(tab(p), `ratings-v1-x47xfpwxcl-6cvg8${TITLE_SLASH}istio-validation.log`);
    assert.strictEqual(path.posix.dirname(p), 'logs/bookinfo', 'the namespace is a folder');
  });

  it('say "previous" for the instance before a restart, and "log" when the server picks the container', () => {
    assert.strictEqual(
      tab(podLogPath({ namespace: 'bookinfo', pod: 'p', container: 'istio-proxy', previous: true })),
      `p${TITLE_SLASH}istio-proxy (previous).log`,
    );
    assert.strictEqual(tab(podLogPath({ namespace: 'bookinfo', pod: 'p' })), 'p.log');
  });

  it("name the pod whose lines of the node's istio-cni log are shown", () => {
    assert.strictEqual(
      tab(podCniLinesPath('bookinfo', 'details-v2-abc')),
      `details-v2-abc${TITLE_SLASH}istio-cni lines.log`,
    );
  });

  it('never put a path separator into the title', () => {
    const p = podLogPath({ namespace: 'a/b', pod: 'c/d', container: 'e\\f' });
    assert.strictEqual(p.split('/').length, 3, p);
  });
});
