/**
 * A fast parser for strict JSON that builds jsonc-parser-compatible nodes and the plain value
 * in one pass. jsonc-parser's tolerant parser costs ~200 ms per MB, too slow to lint as you
 * type; valid files (the common case) go through here, and only text with errors takes the
 * tolerant path that explains them. Callers must bound nesting depth first (see text.ts).
 */
import { type Node } from 'jsonc-parser';

const FAIL = new Error('not strict JSON');
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

/** jsonc-parser's Node is read-only; this is the same shape while it is being built. */
interface MNode {
  type: Node['type'];
  offset: number;
  length: number;
  value?: unknown;
  parent: MNode | undefined;
  children?: MNode[];
  colonOffset?: number;
}

export interface StrictParse {
  root: Node;
  value: unknown;
}

/** The tree and value of `text`, or undefined if it is not strict JSON. */
export function parseStrict(text: string): StrictParse | undefined {
  let i = 0;
  const n = text.length;

  const ws = (): void => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    }
  };

  /** Moves past a string starting at `i`; the value is decoded only when a caller needs it. */
  const skipString = (): number => {
    let j = i + 1;
    for (;;) {
      const k = text.indexOf('"', j);
      if (k < 0) throw FAIL;
      let b = k - 1;
      while (text.charCodeAt(b) === 92) b--;
      if ((k - 1 - b) % 2 === 0) {
        i = k + 1;
        return k;
      }
      j = k + 1;
    }
  };

  const str = (parent: MNode | undefined): MNode => {
    const start = i;
    const end = skipString();
    const raw = text.slice(start + 1, end);
    if (CONTROL.test(raw)) throw FAIL;
    const value = raw.includes('\\') ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
    return { type: 'string', offset: start, length: i - start, value, parent };
  };

  const val = (parent: MNode | undefined): MNode => {
    ws();
    const c = text.charCodeAt(i);
    const start = i;
    if (c === 123) return obj(parent);
    if (c === 91) return arr(parent);
    if (c === 34) return str(parent);
    const word = c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : undefined;
    if (word !== undefined) {
      if (!text.startsWith(word, i)) throw FAIL;
      i += word.length;
      return { type: c === 110 ? 'null' : 'boolean', offset: start, length: word.length, value: c === 110 ? null : c === 116, parent };
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0].length === 0) throw FAIL;
    i += m[0].length;
    return { type: 'number', offset: start, length: m[0].length, value: Number(m[0]), parent };
  };

  const obj = (parent: MNode | undefined): MNode => {
    const children: MNode[] = [];
    const node: MNode = { type: 'object', offset: i, length: 0, children, parent };
    i++;
    ws();
    if (text.charCodeAt(i) === 125) {
      i++;
    } else {
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 34) throw FAIL;
        const pc: MNode[] = [];
        const prop: MNode = { type: 'property', offset: i, length: 0, children: pc, parent: node, colonOffset: 0 };
        pc.push(str(prop));
        ws();
        if (text.charCodeAt(i) !== 58) throw FAIL;
        prop.colonOffset = i;
        i++;
        pc.push(val(prop));
        prop.length = i - prop.offset;
        children.push(prop);
        ws();
        const c = text.charCodeAt(i++);
        if (c === 125) break;
        if (c !== 44) throw FAIL;
      }
    }
    node.length = i - node.offset;
    return node;
  };

  const arr = (parent: MNode | undefined): MNode => {
    const children: MNode[] = [];
    const node: MNode = { type: 'array', offset: i, length: 0, children, parent };
    i++;
    ws();
    if (text.charCodeAt(i) === 93) {
      i++;
    } else {
      for (;;) {
        children.push(val(node));
        ws();
        const c = text.charCodeAt(i++);
        if (c === 93) break;
        if (c !== 44) throw FAIL;
      }
    }
    node.length = i - node.offset;
    return node;
  };

  try {
    const root = val(undefined);
    ws();
    if (i !== n) return undefined;
    // The native parser builds the plain value far faster than any JS code could.
    return { root, value: JSON.parse(text) };
  } catch (e) {
    if (e === FAIL || e instanceof SyntaxError) return undefined;
    throw e;
  }
}
