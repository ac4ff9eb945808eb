// A model's word list packed into shared memory: every word's UTF-16 code units back to back, and where each
// starts. The load worker packs it once the words are read and hands the two buffers over, uncopied.
//
// Why: a million JavaScript strings on the extension host's heap cost it pauses of their own (receiving them,
// then a major collection of a few hundred ms as the last ones arrive, measured in issue 11). A model that big
// answers its queries in the worker anyway (engine/query-worker.ts); the host only looks up the word under the
// mouse and names the few ids in an answer. So it reads the packed list through sharedWordList(), which decodes
// a word when it is asked for, and holds no string it was not asked for.

export interface PackedWords {
  /** the words' UTF-16 code units, one after the other */
  chars: Uint16Array;
  /** n + 1 offsets into chars: word i is chars[starts[i], starts[i + 1]) */
  starts: Uint32Array;
}

/** Packs words into SharedArrayBuffers (ArrayBuffers where shared memory is unavailable). */
export function packWords(words: readonly string[], shared = typeof SharedArrayBuffer === 'function'): PackedWords {
  let total = 0;
  for (const w of words) total += w.length;
  if (total > 0xffff_ffff) throw new Error(`packWords: ${total} characters of words do not fit 32-bit offsets`);
  const Buffer = shared ? SharedArrayBuffer : ArrayBuffer;
  const chars = new Uint16Array(new Buffer(2 * total));
  const starts = new Uint32Array(new Buffer(4 * (words.length + 1)));
  let at = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    starts[i] = at;
    for (let j = 0; j < w.length; j++) chars[at + j] = w.charCodeAt(j);
    at += w.length;
  }
  starts[words.length] = at;
  return { chars, starts };
}

/** Code units per String.fromCharCode call: well under any engine's argument limit. */
const DECODE_SLICE = 4096;

/** Word i of the packed list, as a new string. */
export function packedWord(p: PackedWords, i: number): string {
  const from = p.starts[i];
  const to = p.starts[i + 1];
  if (to - from <= DECODE_SLICE) return String.fromCharCode.apply(null, p.chars.subarray(from, to) as unknown as number[]);
  let s = '';
  for (let a = from; a < to; a += DECODE_SLICE) s += String.fromCharCode.apply(null, p.chars.subarray(a, Math.min(to, a + DECODE_SLICE)) as unknown as number[]);
  return s;
}

/** Words [from, to) into out at their own indices (every word, into a new array, by default): for lists the caller will hold. */
export function unpackWords(p: PackedWords, from = 0, to = p.starts.length - 1, out: string[] = new Array<string>(to)): string[] {
  for (let i = from; i < to; i++) out[i] = packedWord(p, i);
  return out;
}

/** The canonical array index a property key names, or -1 ("7" is one; "07", "-1" and "1e3" are not). */
function arrayIndex(key: string): number {
  const c = key.charCodeAt(0);
  if (!(c >= 48 && c <= 57)) return -1;
  const i = Number(key);
  return Number.isInteger(i) && String(i) === key ? i : -1;
}

const packedLists = new WeakMap<object, PackedWords>();

/** The packed words behind a sharedWordList(), or undefined for any other list. */
export function packedOf(list: readonly string[]): PackedWords | undefined {
  return packedLists.get(list);
}

/**
 * A read-only array of the packed words. Every consumer of Embeddings.words (queries naming their ids,
 * lookups, exports, spreads) works on it unchanged, because it answers what an array answers: length, indices,
 * iteration and the Array methods; word i is decoded when it is read. Writes fail (a TypeError in strict code).
 * It cannot be posted to a worker (structured clone refuses proxies): post `[...words]` or the packed buffers.
 * Whatever enumerates its keys (Object.keys, for-in) makes a string per word: iterate it instead.
 */
export function sharedWordList(p: PackedWords): readonly string[] {
  const n = p.starts.length - 1;
  const handler: ProxyHandler<string[]> = {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        if (key === 'length') return n;
        const i = arrayIndex(key);
        if (i >= 0) return i < n ? packedWord(p, i) : undefined;
      }
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string') {
        const i = arrayIndex(key);
        if (i >= 0) return i < n;
      }
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'string') {
        const i = arrayIndex(key);
        if (i >= 0) return i < n ? { value: packedWord(p, i), writable: false, enumerable: true, configurable: true } : undefined;
        if (key === 'length') return { value: n, writable: true, enumerable: false, configurable: false };
      }
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      const keys: (string | symbol)[] = [];
      for (let i = 0; i < n; i++) keys.push(String(i));
      return [...keys, ...Reflect.ownKeys(target)];
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    // the target must stay an extensible empty array, or reporting the words as its properties breaks the
    // proxy's invariants: so freezing, sealing or re-prototyping the list fails instead
    preventExtensions: () => false,
    setPrototypeOf: () => false,
  };
  const list = new Proxy<string[]>([], handler);
  packedLists.set(list, p);
  return list;
}
