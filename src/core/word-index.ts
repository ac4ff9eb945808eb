// A word -> row index as an open-addressing hash table in one Int32Array (pure). The load worker builds it
// in a SharedArrayBuffer, so the extension host gets a million-word index without building a Map (which
// takes it hundreds of milliseconds, in stalls of tens, as the Map grows and the collector follows).
// Lookups hash the query (FNV-1a over its UTF-16 code units, the same on both sides) and compare the words
// themselves, so the answers are exactly a Map's.
export interface WordIndex {
  get(word: string): number | undefined;
  readonly size: number;
}

const EMPTY = -1;

export class DuplicateWordError extends Error {
  constructor(readonly word: string, readonly first: number, readonly second: number) {
    super(`duplicate word "${word}" (rows ${first} and ${second})`);
    this.name = 'DuplicateWordError';
  }
}

export function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Slots for n words: a power of two at least twice n (probe sequences stay short). */
export function tableSlots(n: number): number {
  let slots = 16;
  while (slots < 2 * n) slots *= 2;
  return slots;
}

/**
 * Fills `table` (tableSlots(words.length) slots; e.g. over a SharedArrayBuffer) for distinct words. With
 * `checkDistinct`, a repeated word is refused (DuplicateWordError) instead of hiding its second row.
 */
export function buildWordTable(words: readonly string[], table: Int32Array, checkDistinct = false): Int32Array {
  if (table.length < tableSlots(words.length) || (table.length & (table.length - 1)) !== 0) throw new Error('word table: too few slots');
  table.fill(EMPTY);
  const mask = table.length - 1;
  for (let r = 0; r < words.length; r++) {
    let s = hashWord(words[r]) & mask;
    while (table[s] !== EMPTY) {
      if (checkDistinct && words[table[s]] === words[r]) throw new DuplicateWordError(words[r], table[s], r);
      s = (s + 1) & mask;
    }
    table[s] = r;
  }
  return table;
}

export class TableWordIndex implements WordIndex {
  private readonly mask: number;
  constructor(private readonly words: readonly string[], private readonly table: Int32Array) {
    this.mask = table.length - 1;
  }

  get size(): number {
    return this.words.length;
  }

  get(word: string): number | undefined {
    let s = hashWord(word) & this.mask;
    for (;;) {
      const r = this.table[s];
      if (r === EMPTY) return undefined;
      if (this.words[r] === word) return r;
      s = (s + 1) & this.mask;
    }
  }
}
