import * as assert from 'assert';
import { LineIndex, type LineBreaks, offsetOfLine } from '../../../src/core/text/lineIndex';

/** Line starts of `text` under `breaks`, read back through `offsetOf`. */
function starts(text: string, breaks: LineBreaks): number[] {
  const index = LineIndex.build(text, breaks);
  return Array.from({ length: index.lineCount }, (_, line) => index.offsetOf(line));
}

describe('LineIndex (the one offset <-> line map in core)', () => {
  const cases: { name: string; text: string; editor: number[]; lf: number[] }[] = [
    { name: 'empty text is one empty line', text: '', editor: [0], lf: [0] },
    { name: 'no trailing newline', text: 'ab\ncd', editor: [0, 3], lf: [0, 3] },
    { name: '\\n, trailing break starts an empty line', text: 'a\nbb\n', editor: [0, 2, 5], lf: [0, 2, 5] },
    { name: '\\r\\n is one break', text: 'a\r\nbb\r\n', editor: [0, 3, 7], lf: [0, 3, 7] },
    { name: 'lone \\r breaks only under the editor rule', text: 'a\rbb\nc', editor: [0, 2, 5], lf: [0, 5] },
    { name: 'blank lines in a row', text: '\n\r\n\r', editor: [0, 1, 3, 4], lf: [0, 1, 3] },
    { name: '\\n\\r is two breaks (editor)', text: 'a\n\rb', editor: [0, 2, 3], lf: [0, 2] },
  ];
  for (const c of cases) {
    it(`${c.name}`, () => {
      assert.deepStrictEqual(starts(c.text, 'editor'), c.editor, 'editor rule');
      assert.deepStrictEqual(starts(c.text, 'lf'), c.lf, 'lf rule');
    });
  }

  it('the lf rule numbers lines as splitting on \\n does (rg -n, the log readers)', () => {
    const text = 'one\r\ntwo\rstill two\n\nfour';
    const index = LineIndex.build(text, 'lf');
    const split = text.split('\n');
    assert.strictEqual(index.lineCount, split.length);
    let offset = 0;
    split.forEach((line, n) => {
      assert.strictEqual(index.offsetOf(n), offset);
      assert.strictEqual(offsetOfLine(text, n), offset);
      for (let o = offset; o <= offset + line.length; o++) assert.strictEqual(index.lineAt(o), n);
      offset += line.length + 1;
    });
  });

  it('maps offsets to positions and back under the editor rule', () => {
    const text = 'ab\r\ncd\ref';
    const index = LineIndex.build(text, 'editor');
    assert.deepStrictEqual(index.position(0), { line: 0, character: 0 });
    assert.deepStrictEqual(index.position(2), { line: 0, character: 2 });
    assert.deepStrictEqual(index.position(4), { line: 1, character: 0 });
    assert.deepStrictEqual(index.position(8), { line: 2, character: 1 });
    assert.deepStrictEqual(index.range(4, 3), {
      start: { line: 1, character: 0 },
      end: { line: 2, character: 0 },
    });
    for (let o = 0; o <= text.length; o++) assert.strictEqual(index.offset(index.position(o)), o);
  });

  it('clamps out-of-range lines', () => {
    const index = LineIndex.build('a\nb', 'lf');
    assert.strictEqual(index.offsetOf(-1), 0);
    assert.strictEqual(index.offsetOf(9), 3);
    assert.strictEqual(index.offset({ line: 9, character: 0 }), 2);
    assert.strictEqual(offsetOfLine('a\nb', 9), 3);
  });

  it('grows past its first allocation (many short lines)', () => {
    const text = '\n'.repeat(5000);
    const index = LineIndex.build(text, 'editor');
    assert.strictEqual(index.lineCount, 5001);
    assert.strictEqual(index.lineAt(4999), 4999);
    assert.strictEqual(index.offsetOf(5000), 5000);
  });
});
