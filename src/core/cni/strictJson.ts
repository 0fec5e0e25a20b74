/**
 * A fast parser for strict JSON that builds jsonc-parser-compatible nodes. jsonc-parser's
 * tolerant parser allocates a node for every value (~200 ms and most of it GC per MB), too slow
 * to lint as you type. Here only the top levels (the config, its plugin list, each plugin) are
 * built eagerly; deeper containers are skipped with a bracket scan and expanded on first access
 * of `children`. The plain value comes from the native `JSON.parse`, which also validates the
 * skipped parts. Text with errors takes the tolerant path that explains them.
 * Callers must bound nesting depth first (see text.ts).
 */
import { type Node } from 'jsonc-parser';

const FAIL = new Error('not strict JSON');
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;
/** Containers nested deeper than this are built lazily: root = 0, plugins = 1, a plugin = 2 (lazy). */
const EAGER_DEPTH = 1;

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

class Parser {
  i: number;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.i = start;
  }

  ws(): void {
    const t = this.text;
    let i = this.i;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    }
    this.i = i;
  }

  /** Moves past the string starting at `i` and returns the offset of its closing quote. */
  skipString(): number {
    let j = this.i + 1;
    for (;;) {
      const k = this.text.indexOf('"', j);
      if (k < 0) throw FAIL;
      let b = k - 1;
      while (this.text.charCodeAt(b) === 92) b--;
      if ((k - 1 - b) % 2 === 0) {
        this.i = k + 1;
        return k;
      }
      j = k + 1;
    }
  }

  str(parent: MNode | undefined): MNode {
    const start = this.i;
    const end = this.skipString();
    const raw = this.text.slice(start + 1, end);
    if (CONTROL.test(raw)) throw FAIL;
    const value = raw.includes('\\') ? (JSON.parse(this.text.slice(start, end + 1)) as string) : raw;
    return { type: 'string', offset: start, length: this.i - start, value, parent };
  }

  /** Skips a whole container without building nodes; JSON.parse validates it later. */
  skipContainer(): void {
    let depth = 0;
    const t = this.text;
    for (; this.i < t.length;) {
      const c = t.charCodeAt(this.i);
      if (c === 34) {
        this.skipString();
        continue;
      }
      this.i++;
      if (c === 123 || c === 91) depth++;
      else if ((c === 125 || c === 93) && --depth === 0) return;
    }
    throw FAIL;
  }

  val(parent: MNode | undefined, depth: number): MNode {
    this.ws();
    const t = this.text;
    const c = t.charCodeAt(this.i);
    const start = this.i;
    if (c === 123 || c === 91) {
      if (depth <= EAGER_DEPTH) return c === 123 ? this.obj(parent, depth) : this.arr(parent, depth);
      this.skipContainer();
      return lazyNode(t, c === 123 ? 'object' : 'array', start, this.i - start, parent);
    }
    if (c === 34) return this.str(parent);
    const word = c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : undefined;
    if (word !== undefined) {
      if (!t.startsWith(word, this.i)) throw FAIL;
      this.i += word.length;
      return {
        type: c === 110 ? 'null' : 'boolean',
        offset: start,
        length: word.length,
        value: c === 110 ? null : c === 116,
        parent,
      };
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(t);
    if (!m || m[0].length === 0) throw FAIL;
    this.i += m[0].length;
    return { type: 'number', offset: start, length: m[0].length, value: Number(m[0]), parent };
  }

  obj(parent: MNode | undefined, depth: number): MNode {
    const t = this.text;
    const children: MNode[] = [];
    const node: MNode = { type: 'object', offset: this.i, length: 0, children, parent };
    this.i++;
    this.ws();
    if (t.charCodeAt(this.i) === 125) {
      this.i++;
    } else {
      for (;;) {
        this.ws();
        if (t.charCodeAt(this.i) !== 34) throw FAIL;
        const pc: MNode[] = [];
        const prop: MNode = {
          type: 'property',
          offset: this.i,
          length: 0,
          children: pc,
          parent: node,
          colonOffset: 0,
        };
        pc.push(this.str(prop));
        this.ws();
        if (t.charCodeAt(this.i) !== 58) throw FAIL;
        prop.colonOffset = this.i;
        this.i++;
        pc.push(this.val(prop, depth + 1));
        prop.length = this.i - prop.offset;
        children.push(prop);
        this.ws();
        const c = t.charCodeAt(this.i++);
        if (c === 125) break;
        if (c !== 44) throw FAIL;
      }
    }
    node.length = this.i - node.offset;
    return node;
  }

  arr(parent: MNode | undefined, depth: number): MNode {
    const children: MNode[] = [];
    const node: MNode = { type: 'array', offset: this.i, length: 0, children, parent };
    this.i++;
    this.ws();
    if (this.text.charCodeAt(this.i) === 93) {
      this.i++;
    } else {
      for (;;) {
        children.push(this.val(node, depth + 1));
        this.ws();
        const c = this.text.charCodeAt(this.i++);
        if (c === 93) break;
        if (c !== 44) throw FAIL;
      }
    }
    node.length = this.i - node.offset;
    return node;
  }
}

/** A container whose children are parsed (two more levels deep) the first time they are read. */
class LazyContainer implements MNode {
  private expanded: MNode[] | undefined;

  constructor(
    private readonly text: string,
    readonly type: 'object' | 'array',
    readonly offset: number,
    readonly length: number,
    public parent: MNode | undefined,
  ) {}

  get children(): MNode[] {
    if (!this.expanded) {
      const p = new Parser(this.text, this.offset);
      const full = this.type === 'object' ? p.obj(this.parent, 1) : p.arr(this.parent, 1);
      this.expanded = full.children ?? [];
      for (const c of this.expanded) c.parent = this;
    }
    return this.expanded;
  }
}

function lazyNode(
  text: string,
  type: 'object' | 'array',
  offset: number,
  length: number,
  parent: MNode | undefined,
): MNode {
  return new LazyContainer(text, type, offset, length, parent);
}

/** The tree and value of `text`, or undefined if it is not strict JSON. */
export function parseStrict(text: string): StrictParse | undefined {
  try {
    const p = new Parser(text, 0);
    const root = p.val(undefined, 0);
    p.ws();
    if (p.i !== text.length) return undefined;
    return { root, value: JSON.parse(text) };
  } catch (e) {
    if (e === FAIL || e instanceof SyntaxError) return undefined;
    throw e;
  }
}
