// A Spark MLlib Word2VecModel folder (pure part: its metadata, its two data layouts, the checks). The Parquet
// itself is read in src/engine/spark-reader.ts. Layouts, as Spark's own writers and readers define them
// (mllib/src/main/scala/org/apache/spark/ml/feature/Word2Vec.scala and mllib/feature/Word2Vec.scala):
//
//   metadata/part-00000  one line of JSON: {"class", "sparkVersion", "uid", "paramMap": {"vectorSize", ...},
//                        "defaultParamMap"} (spark.ml, DefaultParamsWriter), or {"class", "version": "1.0",
//                        "vectorSize", "numWords"} (the RDD-based spark.mllib model)
//   data/*.parquet       Spark ML 2.2 and later, and spark.mllib: one row per word, columns
//                        word: string, vector: array<float>, in no particular order (the writer repartitions)
//                        Spark ML 1.6 to 2.1: a single row, wordIndex: map<string, int> (word -> row, rows in
//                        descending frequency) and wordVectors: array<float> (all rows, flattened)
import { VectorFileError } from './errors';
import { checkDim } from './shared';
import { RowStore, type ParsedVectors, type StreamOptions } from './stream';

export const SPARK_ML_CLASS = 'org.apache.spark.ml.feature.Word2VecModel';
export const SPARK_MLLIB_CLASS = 'org.apache.spark.mllib.feature.Word2VecModel';

export type SparkLayout = 'rows' | 'single-row';

export interface SparkMetadata {
  className: string;
  api: 'ml' | 'mllib';
  sparkVersion?: string;
  vectorSize?: number;
  numWords?: number;
  /** the layout Spark's reader expects for this version (it decides by the version; we also check the schema) */
  layout: SparkLayout;
}

function versionBefore(version: string | undefined, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a < major || (a === major && b < minor);
}

export function parseSparkMetadata(text: string, name = 'metadata/part-00000'): SparkMetadata {
  const line = text.split('\n').find((l) => l.trim() !== '');
  if (!line) throw new VectorFileError(`${name}: empty (not a Spark model's metadata)`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new VectorFileError(`${name}: not JSON (not a Spark model's metadata)`);
  }
  if (typeof json !== 'object' || json === null) throw new VectorFileError(`${name}: not a JSON object`);
  const className = json.class;
  if (className !== SPARK_ML_CLASS && className !== SPARK_MLLIB_CLASS) {
    throw new VectorFileError(`${name}: the model is a ${typeof className === 'string' ? className : 'model of no class'}, not a Word2VecModel (${SPARK_ML_CLASS})`);
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
  if (className === SPARK_MLLIB_CLASS) {
    return { className, api: 'mllib', vectorSize: num(json.vectorSize), numWords: num(json.numWords), layout: 'rows' };
  }
  const params = (json.paramMap ?? {}) as Record<string, unknown>;
  const defaults = (json.defaultParamMap ?? {}) as Record<string, unknown>;
  const sparkVersion = typeof json.sparkVersion === 'string' ? json.sparkVersion : undefined;
  return {
    className, api: 'ml', sparkVersion,
    vectorSize: num(params.vectorSize) ?? num(defaults.vectorSize),
    layout: versionBefore(sparkVersion, 2, 2) ? 'single-row' : 'rows',
  };
}

/** The layout a data file's columns show, or a clear error. */
export function sparkLayoutOf(columns: readonly string[], file: string): SparkLayout {
  if (columns.includes('word') && columns.includes('vector')) return 'rows';
  if (columns.includes('wordIndex') && columns.includes('wordVectors')) return 'single-row';
  throw new VectorFileError(`${file}: expected the columns "word" and "vector" (Spark 2.2 and later) or "wordIndex" and "wordVectors" (Spark 1.6 to 2.1); found ${columns.map((c) => `"${c}"`).join(', ') || 'none'}`);
}

/** Fills storage from Spark's rows (word, vector), batch by batch, with the same checks as the other readers. */
export class SparkRowsAssembler {
  private store: RowStore;
  private readonly words: string[] = [];
  private readonly firstAt = new Map<string, string>();
  readonly limit: number;

  constructor(readonly dim: number, total: number, options: Omit<StreamOptions, 'totalBytes'>) {
    checkDim(dim, {});
    this.limit = Math.min(total, options.maxWords ?? total);
    this.store = new RowStore(dim, Math.max(1, this.limit), options.allocate, true);
  }

  get rows(): number {
    return this.words.length;
  }

  get done(): boolean {
    return this.rows >= this.limit;
  }

  /** `where(i)` names row i of the batch in messages ("data/part-00001-….parquet, row 17"). */
  add(words: readonly unknown[], vectors: readonly unknown[], where: (i: number) => string): void {
    for (let i = 0; i < words.length && !this.done; i++) {
      const word = words[i];
      const vector = vectors[i];
      if (typeof word !== 'string' || word === '') throw new VectorFileError(`${where(i)}: the word is ${word === '' ? 'empty' : word === null || word === undefined ? 'missing' : `not text (${typeof word})`}`);
      if (!isNumberList(vector)) throw new VectorFileError(`${where(i)}: word "${word}" has no vector (${vector === null || vector === undefined ? 'missing' : typeof vector})`);
      if (vector.length !== this.dim) throw new VectorFileError(`${where(i)}: word "${word}" has ${vector.length} values, expected ${this.dim}`);
      const seen = this.firstAt.get(word);
      if (seen !== undefined) throw new VectorFileError(`${where(i)}: duplicate word "${word}" (first at ${seen})`);
      this.firstAt.set(word, where(i));
      this.put(word, vector, 0, where(i));
    }
  }

  /** add() for vectors given as one flat array of words.length × dim values (the fast Parquet path). */
  addFlat(words: readonly unknown[], flat: ArrayLike<number>, where: (i: number) => string): void {
    if (flat.length !== words.length * this.dim) throw new Error(`SparkRowsAssembler.addFlat: ${flat.length} values for ${words.length} words`);
    for (let i = 0; i < words.length && !this.done; i++) {
      const word = words[i];
      if (typeof word !== 'string' || word === '') throw new VectorFileError(`${where(i)}: the word is ${word === '' ? 'empty' : word === null || word === undefined ? 'missing' : `not text (${typeof word})`}`);
      const seen = this.firstAt.get(word);
      if (seen !== undefined) throw new VectorFileError(`${where(i)}: duplicate word "${word}" (first at ${seen})`);
      this.firstAt.set(word, where(i));
      this.put(word, flat, i * this.dim, where(i));
    }
  }

  private put(word: string, vector: ArrayLike<unknown>, from: number, at: string): void {
    const o = this.store.row(this.rows);
    const data = this.store.data;
    for (let j = 0; j < this.dim; j++) {
      const v = vector[from + j];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new VectorFileError(`${at}: word "${word}": value ${j + 1} is ${String(v)}`);
      data[o + j] = v;
    }
    this.words.push(word);
  }

  /**
   * The single-row layout: wordIndex (word -> row) and all rows flattened. Rows come out in index order, which
   * is Spark's vocabulary order (most frequent first), so maxWords keeps the most frequent words.
   */
  addSingleRow(wordIndex: unknown, wordVectors: unknown, file: string): void {
    const entries: [string, unknown][] = wordIndex instanceof Map ? [...wordIndex.entries()] : typeof wordIndex === 'object' && wordIndex !== null ? Object.entries(wordIndex) : [];
    if (!entries.length) throw new VectorFileError(`${file}: wordIndex is empty or missing`);
    if (!isNumberList(wordVectors)) throw new VectorFileError(`${file}: wordVectors is missing`);
    const n = entries.length;
    if (wordVectors.length !== n * this.dim) {
      throw new VectorFileError(`${file}: wordVectors has ${wordVectors.length} values, but ${n} words of dimension ${this.dim} need ${n * this.dim}`);
    }
    const byRow = new Array<string | undefined>(n);
    for (const [word, index] of entries) {
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= n) {
        throw new VectorFileError(`${file}: wordIndex maps "${word}" to ${String(index)}, outside 0..${n - 1}`);
      }
      if (byRow[index] !== undefined) throw new VectorFileError(`${file}: wordIndex maps both "${byRow[index]}" and "${word}" to row ${index}`);
      if (word === '') throw new VectorFileError(`${file}: wordIndex has an empty word (row ${index})`);
      byRow[index] = word;
    }
    for (let r = 0; r < n && !this.done; r++) {
      const word = byRow[r]!;
      this.put(word, wordVectors, r * this.dim, `${file}, wordIndex row ${r}`);
    }
  }

  result(expected: number | undefined, source: string): ParsedVectors {
    if (this.rows < this.limit || (expected !== undefined && this.limit === expected && this.rows !== expected)) {
      throw new VectorFileError(`${source}: ${this.rows} words, but ${expected ?? this.limit} were expected`);
    }
    return { words: this.words, dim: this.dim, data: this.store.take(this.rows) };
  }
}

function isNumberList(v: unknown): v is ArrayLike<unknown> {
  return Array.isArray(v) || v instanceof Float32Array || v instanceof Float64Array;
}
