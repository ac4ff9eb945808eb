// A glob matcher whose cost is linear in path length × pattern length, for .gitignore rules and VS Code-style
// exclude/include globs (pure). A pattern compiles to a Thompson NFA that is simulated one character at a time
// with a set of live states, so no input can make it backtrack: `*a*a*a*a*a*a*a*a*a*a*ab` against a long name,
// `x/**/**/**/**/y` against a deep path or `{a,b}` repeated 22 times all cost at most (path length) × (states).
// Braces are alternation inside the automaton, never expanded into separate patterns.
//
// Syntax: `*` (any run within one segment), `?` (one character, not `/`), `[abc]`, `[a-z]`, `[!a]` / `[^a]`,
// `\x` (a literal x), `{a,b,c}` (nested allowed), and `**` as a whole segment: `**/` is zero or more folders,
// a trailing `/**` is everything below (one or more characters in gitignore mode; zero or more, so `a/**`
// also matches `a`, in VS Code mode), `**` alone is everything. `**` inside a segment acts like `*`.

/** Caps on what one pattern may cost; exceeding one is a GlobLimitError with a clear message. */
export const GLOB_LIMITS = {
  /** characters in one pattern */
  patternLength: 2000,
  /** nesting depth of {…} */
  braceDepth: 16,
} as const;

export class GlobLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlobLimitError';
  }
}

export type GlobMode = 'gitignore' | 'vscode';

// ---------------------------------------------------------------- syntax tree
type Item =
  | { t: 'lit'; cp: number }
  | { t: 'any' } // ?
  | { t: 'class'; ranges: number[]; negated: boolean } // pairs lo, hi
  | { t: 'star' } // *
  | { t: 'dirs' } // **/  : zero or more whole folders
  | { t: 'tail' } // /**  at the end
  | { t: 'all' } // **   as the whole pattern (or a whole alternative)
  | { t: 'alt'; options: Item[][] };

const SLASH = 0x2f;
/** entries of precomputed successor lists per pattern (a 2,000-character pattern of stars would need millions) */
const SUCCESSOR_BUDGET = 1 << 16;

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly src: string) {}

  parse(): Item[] {
    const seq = this.sequence(false);
    return seq;
  }

  private boundaryBefore(at: number): boolean {
    if (at === 0) return true;
    const c = this.src[at - 1];
    return c === '/' || c === '{' || c === ',';
  }

  private boundaryAfter(at: number, inBrace: boolean): boolean {
    if (at >= this.src.length) return true;
    const c = this.src[at];
    return c === '/' || (inBrace && (c === ',' || c === '}'));
  }

  /** Items up to the end of the pattern, or (inside braces) up to the next top-level `,` or `}`. */
  private sequence(inBrace: boolean): Item[] {
    const out: Item[] = [];
    const s = this.src;
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (inBrace && (c === ',' || c === '}')) break;
      if (c === '*') {
        let j = this.i;
        while (s[j] === '*') j++;
        const stars = j - this.i;
        if (stars >= 2 && this.boundaryBefore(this.i) && this.boundaryAfter(j, inBrace)) {
          if (s[j] === '/') {
            // "**/": zero or more folders (several in a row are one)
            if (out.at(-1)?.t !== 'dirs') out.push({ t: 'dirs' });
            this.i = j + 1;
            continue;
          }
          // "**" at the end of the pattern or of an alternative
          const prev = out.at(-1);
          if (prev && prev.t === 'lit' && prev.cp === SLASH) {
            out.pop();
            // "a/**/**": the folders before the tail add nothing
            while (out.at(-1)?.t === 'dirs') out.pop();
            out.push({ t: 'tail' });
          } else if (out.length === 0 || prev?.t === 'dirs') {
            if (prev?.t === 'dirs') out.pop();
            out.push({ t: 'all' });
          } else {
            out.push({ t: 'star' });
          }
          this.i = j;
          continue;
        }
        if (out.at(-1)?.t !== 'star') out.push({ t: 'star' }); // "a**b" and "***" act like "*"
        this.i = j;
        continue;
      }
      if (c === '?') {
        out.push({ t: 'any' });
        this.i++;
        continue;
      }
      if (c === '[') {
        const cls = this.charClass();
        if (cls) {
          out.push(cls);
          continue;
        }
        out.push({ t: 'lit', cp: 0x5b });
        this.i++;
        continue;
      }
      if (c === '{') {
        const alt = this.braces();
        if (alt) {
          out.push(alt);
          continue;
        }
        out.push({ t: 'lit', cp: 0x7b }); // unbalanced: literal
        this.i++;
        continue;
      }
      if (c === '\\' && this.i + 1 < s.length) {
        const cp = s.codePointAt(this.i + 1)!;
        out.push({ t: 'lit', cp });
        this.i += 1 + (cp > 0xffff ? 2 : 1);
        continue;
      }
      const cp = s.codePointAt(this.i)!;
      out.push({ t: 'lit', cp });
      this.i += cp > 0xffff ? 2 : 1;
    }
    return out;
  }

  private braces(): Item | undefined {
    if (!this.closes(this.i)) return undefined;
    if (++this.depth > GLOB_LIMITS.braceDepth) {
      throw new GlobLimitError(`braces nested more than ${GLOB_LIMITS.braceDepth} deep`);
    }
    this.i++; // {
    const options: Item[][] = [];
    for (;;) {
      options.push(this.sequence(true));
      const c = this.src[this.i];
      this.i++;
      if (c === '}') break;
      // c === ','
    }
    this.depth--;
    return { t: 'alt', options };
  }

  /** True when the `{` at `at` has a matching `}` (escapes and nesting respected). */
  private closes(at: number): boolean {
    let level = 0;
    const s = this.src;
    for (let j = at; j < s.length; j++) {
      const c = s[j];
      if (c === '\\') { j++; continue; }
      if (c === '[') {
        const end = classEnd(s, j);
        if (end > 0) { j = end; continue; }
      }
      if (c === '{') level++;
      else if (c === '}' && --level === 0) return true;
    }
    return false;
  }

  private charClass(): Item | undefined {
    const s = this.src;
    const end = classEnd(s, this.i);
    if (end < 0) return undefined;
    let j = this.i + 1;
    let negated = false;
    if (s[j] === '!' || s[j] === '^') { negated = true; j++; }
    const ranges: number[] = [];
    const read = (): number => {
      if (s[j] === '\\' && j + 1 < end) j++;
      const cp = s.codePointAt(j)!;
      j += cp > 0xffff ? 2 : 1;
      return cp;
    };
    let first = true;
    while (j < end) {
      // a leading ] is literal
      const lo = first && s[j] === ']' ? (j++, 0x5d) : read();
      first = false;
      if (s[j] === '-' && j + 1 < end) {
        j++;
        const hi = read();
        ranges.push(Math.min(lo, hi), Math.max(lo, hi));
      } else {
        ranges.push(lo, lo);
      }
    }
    this.i = end + 1;
    return { t: 'class', ranges, negated };
  }
}

function classEnd(s: string, start: number): number {
  let j = start + 1;
  if (s[j] === '!' || s[j] === '^') j++;
  if (s[j] === ']') j++; // a leading ] is literal
  for (; j < s.length; j++) {
    if (s[j] === '\\') { j++; continue; }
    if (s[j] === '/') return -1; // a class never spans folders
    if (s[j] === ']') return j;
  }
  return -1;
}

// ---------------------------------------------------------------- automaton
const enum Op { Char, Any, AnyOrSlash, Class, Split, Match }

interface Nfa {
  op: Uint8Array;
  arg: Int32Array; // Char: code point; Class: index into classes
  out: Int32Array;
  out2: Int32Array; // Split only
  classes: { ranges: number[]; negated: boolean }[];
  start: number;
}

class Builder {
  op: number[] = [];
  arg: number[] = [];
  out: number[] = [];
  out2: number[] = [];
  classes: { ranges: number[]; negated: boolean }[] = [];

  node(op: Op, arg = 0, out = -1, out2 = -1): number {
    this.op.push(op);
    this.arg.push(arg);
    this.out.push(out);
    this.out2.push(out2);
    return this.op.length - 1;
  }

  /** Compiles a sequence back to front: each item's start state leads to `next`. */
  seq(items: Item[], next: number, mode: GlobMode): number {
    for (let k = items.length - 1; k >= 0; k--) next = this.item(items[k]!, next, mode);
    return next;
  }

  item(it: Item, next: number, mode: GlobMode): number {
    switch (it.t) {
      case 'lit': return this.node(Op.Char, it.cp, next);
      case 'any': return this.node(Op.Any, 0, next);
      case 'class': {
        this.classes.push({ ranges: it.ranges, negated: it.negated });
        return this.node(Op.Class, this.classes.length - 1, next);
      }
      case 'star': {
        // s: either leave, or take one non-slash character and come back
        const s = this.node(Op.Split, 0, -1, next);
        this.out[s] = this.node(Op.Any, 0, s);
        return s;
      }
      case 'dirs': {
        // (?:[^/]*/)* : s leaves or enters a folder name a, which loops on non-slash characters and ends with '/'
        const s = this.node(Op.Split, 0, -1, next);
        const a = this.node(Op.Split, 0, -1, -1);
        this.out[a] = this.node(Op.Any, 0, a);
        this.out2[a] = this.node(Op.Char, SLASH, s);
        this.out[s] = a;
        return s;
      }
      case 'tail': {
        // gitignore: "/" then one or more characters; vscode: optionally that, so "a/**" matches "a" too
        const loop = this.node(Op.Split, 0, -1, next);
        this.out[loop] = this.node(Op.AnyOrSlash, 0, loop);
        const firstChar = this.node(Op.AnyOrSlash, 0, loop);
        const slash = this.node(Op.Char, SLASH, firstChar);
        return mode === 'vscode' ? this.node(Op.Split, 0, slash, next) : slash;
      }
      case 'all': {
        const loop = this.node(Op.Split, 0, -1, next);
        this.out[loop] = this.node(Op.AnyOrSlash, 0, loop);
        return loop;
      }
      case 'alt': {
        const starts = it.options.map((o) => this.seq(o, next, mode));
        let s = starts[starts.length - 1]!;
        for (let k = starts.length - 2; k >= 0; k--) s = this.node(Op.Split, 0, starts[k]!, s);
        return s;
      }
    }
  }

  build(start: number): Nfa {
    return {
      op: Uint8Array.from(this.op), arg: Int32Array.from(this.arg), out: Int32Array.from(this.out), out2: Int32Array.from(this.out2),
      classes: this.classes, start,
    };
  }
}

/**
 * A compiled glob. `matches` is linear in path length × pattern size; `couldMatchBelow` prunes folder walks.
 * Common shapes (a literal, "**" + "/" + literal, "*" + literal) are answered with string compares; the automaton is
 * built on first use, so a .gitignore of thousands of plain names costs little to load.
 */
export class Glob {
  /** the pattern is one literal string (anyDepth: at any depth) */
  private readonly literal: string | undefined;
  /** the pattern is "*" + literal within one segment: the (last) segment ends with `tail` */
  private readonly starTail: boolean;
  /** every match ends with this text (a quick reject before the automaton runs) */
  private readonly tail: string;
  private readonly anyDepth: boolean;
  private readonly items: Item[];
  private machine: Automaton | undefined;

  /** `anyDepth`: the pattern may match below any folder, as if it began with a double-star slash (unanchored .gitignore lines). */
  constructor(readonly source: string, private readonly mode: GlobMode = 'vscode', anyDepth = false) {
    if (source.length > GLOB_LIMITS.patternLength) {
      throw new GlobLimitError(`a pattern of ${source.length.toLocaleString('en')} characters is longer than the ${GLOB_LIMITS.patternLength.toLocaleString('en')} allowed`);
    }
    const items = new Parser(source).parse();
    let body = items;
    if (items[0]?.t === 'dirs') { anyDepth = true; body = items.slice(1); }
    this.anyDepth = anyDepth && items[0]?.t !== 'all';
    if (this.anyDepth && items[0]?.t !== 'dirs') items.unshift({ t: 'dirs' });
    this.items = items;
    const lits = (xs: Item[]) => String.fromCodePoint(...xs.map((x) => (x as { cp: number }).cp));
    const isLit = (x: Item) => x.t === 'lit';
    this.literal = body.length > 0 && body.every(isLit) ? lits(body) : undefined;
    this.starTail = body.length > 0 && body[0]!.t === 'star' && body.slice(1).every((x) => isLit(x) && (x as { cp: number }).cp !== SLASH);
    let k = items.length;
    while (k > 0 && isLit(items[k - 1]!)) k--;
    this.tail = lits(items.slice(k));
  }

  /** Number of automaton states (the "pattern size" in the cost bound). */
  get states(): number {
    return this.automaton().states;
  }

  matches(path: string): boolean {
    if (!path.endsWith(this.tail)) return false;
    if (this.literal !== undefined) {
      return path.length === this.literal.length || (this.anyDepth && path[path.length - this.literal.length - 1] === '/');
    }
    if (this.starTail) {
      const slash = path.lastIndexOf('/', path.length - this.tail.length - 1);
      return this.anyDepth || slash < 0;
    }
    return this.automaton().run(path, false);
  }

  /** True when some path below the folder `dir` (e.g. "docs/api") could match: folders that cannot are not walked. */
  couldMatchBelow(dir: string): boolean {
    if (dir === '' || this.anyDepth) return true;
    if (this.literal !== undefined) return this.literal.startsWith(dir + '/');
    if (this.starTail) return false;
    return this.automaton().run(dir + '/', true);
  }

  private automaton(): Automaton {
    this.machine ??= new Automaton(this.items, this.mode);
    return this.machine;
  }
}

/** The Thompson automaton of one pattern and its simulation state. */
class Automaton {
  private readonly nfa: Nfa;
  // scratch for the simulation, reused between calls (one Glob is never used re-entrantly)
  private cur: Int32Array;
  private nxt: Int32Array;
  private readonly mark: Uint32Array;
  private readonly stack: Int32Array;
  private gen = 1;
  private closureSize = 0;
  /**
   * The split-closure of each consuming state's successor (and of the start), precomputed when small, so a step
   * is a walk over flat lists instead of a search: successors of s are succ[from[s] .. from[s + 1]).
   */
  private readonly succ: Int32Array | undefined;
  private readonly from: Int32Array | undefined;
  private readonly startList: Int32Array;

  constructor(items: Item[], mode: GlobMode) {
    const b = new Builder();
    const match = b.node(Op.Match);
    this.nfa = b.build(b.seq(items, match, mode));
    const n = this.nfa.op.length;
    this.cur = new Int32Array(n);
    this.nxt = new Int32Array(n);
    this.mark = new Uint32Array(n);
    // each state is pushed at most twice per closure (once per split pointing at it... bounded by 2 per split): 2n + 2
    this.stack = new Int32Array(2 * n + 2);
    this.closure(this.nfa.start, this.cur, 0, this.nextGen());
    this.startList = this.cur.slice(0, this.closureSize);
    // Precompute the lists unless they would be large (a closure can be O(states), so all of them O(states²)).
    const lists: number[] = [];
    const from = new Int32Array(n + 1);
    let ok = true;
    for (let st = 0; st < n && ok; st++) {
      from[st] = lists.length;
      const o = this.nfa.op[st] as Op;
      if (o === Op.Split || o === Op.Match) continue;
      const m = this.closure(this.nfa.out[st]!, this.nxt, 0, this.nextGen());
      for (let k = 0; k < m; k++) lists.push(this.nxt[k]!);
      if (lists.length > SUCCESSOR_BUDGET) ok = false;
    }
    from[n] = lists.length;
    if (ok) {
      this.succ = Int32Array.from(lists);
      this.from = from;
    }
  }

  get states(): number {
    return this.nfa.op.length;
  }

  run(path: string, prefixOnly: boolean): boolean {
    const { op, arg, out } = this.nfa;
    const { succ, from, mark } = this;
    this.cur.set(this.startList);
    let count = this.startList.length;
    for (let i = 0; i < path.length && count > 0;) {
      const cp = path.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      const g = this.nextGen();
      let n = 0;
      for (let k = 0; k < count; k++) {
        const s = this.cur[k]!;
        let ok: boolean;
        switch (op[s] as Op) {
          case Op.Char: ok = arg[s] === cp; break;
          case Op.Any: ok = cp !== SLASH; break;
          case Op.AnyOrSlash: ok = true; break;
          case Op.Class: ok = cp !== SLASH && inClass(this.nfa.classes[arg[s]!]!, cp); break;
          default: ok = false;
        }
        if (!ok) continue;
        if (succ && from) {
          const nxt = this.nxt;
          for (let e = from[s]!, end = from[s + 1]!; e < end; e++) {
            const t = succ[e]!;
            if (mark[t] !== g) { mark[t] = g; nxt[n++] = t; }
          }
        } else {
          n = this.closure(out[s]!, this.nxt, n, g);
        }
      }
      const t = this.cur;
      this.cur = this.nxt;
      this.nxt = t;
      count = n;
    }
    if (prefixOnly) return count > 0;
    for (let k = 0; k < count; k++) if (op[this.cur[k]!] === Op.Match) return true;
    return false;
  }

  private nextGen(): number {
    if (++this.gen === 0xffffffff) {
      this.mark.fill(0);
      this.gen = 1;
    }
    return this.gen;
  }

  /** Adds `s` and every state reachable from it through splits to `set` (each state at most once per step). */
  private closure(s: number, set: Int32Array, n: number, g: number): number {
    const { op, out, out2 } = this.nfa;
    const stack = this.stack;
    let top = 0;
    stack[top++] = s;
    while (top > 0) {
      const x = stack[--top]!;
      if (x < 0 || this.mark[x] === g) continue;
      this.mark[x] = g;
      if (op[x] === Op.Split) {
        stack[top++] = out2[x]!;
        stack[top++] = out[x]!;
      } else {
        set[n++] = x;
      }
    }
    this.closureSize = n;
    return n;
  }
}

function inClass(c: { ranges: number[]; negated: boolean }, cp: number): boolean {
  let hit = false;
  for (let k = 0; k < c.ranges.length; k += 2) {
    if (cp >= c.ranges[k]! && cp <= c.ranges[k + 1]!) { hit = true; break; }
  }
  return hit !== c.negated;
}
