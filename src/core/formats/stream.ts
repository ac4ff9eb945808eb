// Streaming readers of vector files (pure): bytes arrive in chunks of any size, in order, and the matrix is
// filled as they come, so a file is never held whole. Every reader gives exactly what readVectors() gives for
// the same bytes (test/unit/formats/stream.test.ts cuts files at every byte offset), including its errors.
//
// A reader owns a window buffer that the caller fills (space() + commit(), so bytes read from disk are
// copied nowhere else) or feeds (push()). After each commit the reader parses every complete record in the
// window and moves the unfinished tail (less than one record) to its front.
import { VectorFileError } from './errors';

export interface ParsedVectors {
  words: string[];
  dim: number;
  /** rows × dim values, row-major; a view of the storage allocate() returned (no copy) */
  data: Float32Array;
}

export interface StreamOptions {
  /** The input's total length in bytes: the header checks and the truncation messages name it. */
  totalBytes: number;
  /** Stop after this many rows (word2vec and fastText files list the most frequent words first). */
  maxWords?: number;
  /** An upper bound on the rows of a headerless file (its line count), so storage is allocated once. */
  rowsHint?: number;
  /** Storage for `values` floats (a SharedArrayBuffer-backed array in the load worker); zero-filled. */
  allocate?: (values: number) => Float32Array;
  /** The window's initial size (it grows for a longer record); tests use tiny ones. */
  windowBytes?: number;
}

/** The window's size; a text line longer than the window grows it, up to MAX_LINE_BYTES. */
export const WINDOW_BYTES = 4 << 20;
export const MAX_LINE_BYTES = 256 << 20;

export interface VectorStreamReader {
  /** Free room at the end of the window to read into; then commit(n). */
  space(): Uint8Array;
  commit(n: number): void;
  /** Copies a chunk in (for inputs that arrive as buffers). */
  push(chunk: Uint8Array): void;
  /** True once maxWords rows are read: the caller may stop reading. */
  readonly done: boolean;
  /** Rows read so far. */
  readonly rows: number;
  /** What the input announced so far: its dimension, and its row count when a header gives one. */
  shape(): { rows?: number; dim?: number };
  /** After the last chunk: the final checks, then the vectors. */
  end(): ParsedVectors;
}

/** Grows storage for a reader that does not know its row count (headerless text without a rowsHint). */
export class RowStore {
  data: Float32Array;
  private readonly allocate: (values: number) => Float32Array;
  constructor(readonly dim: number, private capacity: number, allocate?: (values: number) => Float32Array, private readonly fixed = false) {
    this.allocate = allocate ?? ((n) => new Float32Array(n));
    this.data = this.allocate(capacity * dim);
  }

  /** The row's offset in data, growing the storage when needed. */
  row(r: number): number {
    if (r >= this.capacity) {
      if (this.fixed) throw new VectorFileError(`the file changed while it was read (more rows than the ${this.capacity} counted before)`);
      this.capacity = Math.max(1, this.capacity * 2);
      const bigger = this.allocate(this.capacity * this.dim);
      bigger.set(this.data);
      this.data = bigger;
    }
    return r * this.dim;
  }

  /** The first rows × dim values, without a copy. */
  take(rows: number): Float32Array {
    return this.data.length === rows * this.dim ? this.data : this.data.subarray(0, rows * this.dim);
  }
}

/**
 * The window machinery. parse() sees window[0, end) whose first byte is at absolute offset `base`, and
 * returns how many bytes it consumed; `final` is set once no more input follows.
 */
export abstract class WindowReader implements VectorStreamReader {
  private buf: Uint8Array;
  private len = 0;
  protected base = 0;
  private ended = false;
  protected finished = false;

  constructor(initial = WINDOW_BYTES) {
    this.buf = new Uint8Array(Math.max(16, initial));
  }

  abstract get rows(): number;
  abstract shape(): { rows?: number; dim?: number };
  protected abstract parse(buf: Uint8Array, end: number, final: boolean): number;
  protected abstract result(): ParsedVectors;
  /** What to say when one record (a text line) does not fit MAX_LINE_BYTES. */
  protected abstract tooLong(): VectorFileError;

  get done(): boolean {
    return this.finished;
  }

  space(): Uint8Array {
    if (this.len === this.buf.length) {
      if (this.buf.length >= MAX_LINE_BYTES) throw this.tooLong();
      const bigger = new Uint8Array(Math.min(MAX_LINE_BYTES, this.buf.length * 2));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    return this.buf.subarray(this.len);
  }

  commit(n: number): void {
    if (this.ended) throw new Error('commit() after end()');
    if (n <= 0 || this.finished) return;
    this.len += n;
    this.run(false);
  }

  push(chunk: Uint8Array): void {
    for (let off = 0; off < chunk.length && !this.finished;) {
      const room = this.space();
      const k = Math.min(room.length, chunk.length - off);
      room.set(chunk.subarray(off, off + k));
      off += k;
      this.commit(k);
    }
  }

  end(): ParsedVectors {
    if (!this.ended) {
      this.ended = true;
      if (!this.finished) this.run(true);
    }
    return this.result();
  }

  private run(final: boolean): void {
    const used = this.parse(this.buf, this.len, final);
    if (used > 0) {
      this.buf.copyWithin(0, used, this.len);
      this.len -= used;
      this.base += used;
    }
  }
}

export function isAsciiSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}
