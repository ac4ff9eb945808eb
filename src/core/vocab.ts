export interface VocabularyOptions {
  minCount: number;
  maxSize?: number;
}

export class Vocabulary {
  readonly words: readonly string[];
  readonly counts: Float64Array;
  readonly total: number;
  private readonly index: Map<string, number>;

  /** For deserialisation: words must already be in id order. */
  constructor(words: readonly string[], counts: ArrayLike<number>) {
    if (words.length !== counts.length) {
      throw new Error(`Vocabulary: ${words.length} words but ${counts.length} counts`);
    }
    this.words = words;
    this.counts = Float64Array.from(counts);
    this.index = new Map();
    let total = 0;
    for (let i = 0; i < words.length; i++) {
      if (this.index.has(words[i])) throw new Error(`Vocabulary: duplicate word "${words[i]}"`);
      this.index.set(words[i], i);
      total += this.counts[i];
    }
    this.total = total;
  }

  get size(): number {
    return this.words.length;
  }

  id(word: string): number {
    return this.index.get(word) ?? -1;
  }

  static fromCounts(counts: Map<string, number>, options: VocabularyOptions): Vocabulary {
    return Vocabulary.fromArrays([...counts.keys()], [...counts.values()], options);
  }

  /** words[i] occurs counts[i] times; words must be distinct. */
  static fromArrays(allWords: readonly string[], allCounts: ArrayLike<number>, options: VocabularyOptions): Vocabulary {
    const minCount = Math.max(0, options.minCount);
    const kept: [string, number][] = [];
    for (let i = 0; i < allWords.length; i++) if (allCounts[i] >= minCount && allCounts[i] > 0) kept.push([allWords[i], allCounts[i]]);
    // Ties by code-unit order so ids do not depend on Map insertion (i.e. file) order.
    kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const size = options.maxSize !== undefined && options.maxSize >= 0 ? Math.min(options.maxSize, kept.length) : kept.length;
    const words = new Array<string>(size);
    const c = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      words[i] = kept[i][0];
      c[i] = kept[i][1];
    }
    return new Vocabulary(words, c);
  }
}
