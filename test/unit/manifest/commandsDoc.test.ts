import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { readManifest, renderCommandsDoc, rowsOf } from '../../../tools/generateCommandsDoc';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('docs/commands.md: every command of the Istio CNI view', () => {
  it('is up to date (run `npm run docs` after changing the menus or a command)', () => {
    assert.strictEqual(
      readFileSync(join(ROOT, 'docs', 'commands.md'), 'utf8'),
      renderCommandsDoc(readManifest(ROOT)),
    );
  });

  it('lists every command of the view title, inline actions and row context menus', () => {
    const m = readManifest(ROOT);
    const doc = renderCommandsDoc(m);
    const titles = new Map(m.contributes.commands.map((c) => [c.command, c.title]));
    for (const menu of ['view/title', 'view/item/context'])
      for (const e of m.contributes.menus[menu] ?? []) {
        const title = titles.get(e.command);
        assert.ok(title, `${e.command} is contributed`);
        assert.ok(doc.includes(`| ${title} |`), `${title} is in docs/commands.md`);
      }
  });

  it('reads the rows a when-clause offers a command on', () => {
    assert.deepStrictEqual(
      rowsOf('view == istioCniDoctor.explorer && viewItem =~ /^(node\\.withCni|pod\\.cni)$/'),
      ['node with an istio-cni-node pod', 'istio-cni-node pod'],
    );
    assert.deepStrictEqual(rowsOf('view == istioCniDoctor.explorer && viewItem == pod.affected.owned'), [
      'affected pod with an owner',
    ]);
  });
});
