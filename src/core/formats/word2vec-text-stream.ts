// word2vec text, fastText .vec and headerless text, streamed (see stream.ts): line by line, with the same
// checks, in the same order, and the same messages as readWord2vecText.
import { VectorFileError } from './errors';
import { checkDim, firstInvalidUtf8 } from './shared';
import { isAsciiSpace, MAX_LINE_BYTES, RowStore, WindowReader, type ParsedVectors, type StreamOptions } from './stream';

const HEADER = /^(\d+)[ \t]+(\d+)$/;
const FIELDS = /[ \t]+/;

export class Word2vecTextReader extends WindowReader {
  private lineNo = 0;
  private phase: 'header' | 'blank' | 'first' | 'rows' | 'complete' = 'first';
  private count = -1;
  private dim = -1;
  private store: RowStore | undefined;
  private readonly words: string[] = [];
  private readonly firstLine = new Map<string, number>();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly maxWords: number;
  private pending: VectorFileError | undefined;
  private nonBlank = false;

  constructor(private readonly options: StreamOptions, header: boolean) {
    super(options.windowBytes);
    this.maxWords = options.maxWords ?? Infinity;
    if (header) this.phase = 'header';
  }

  get rows(): number {
    return this.words.length;
  }

  shape(): { rows?: number; dim?: number } {
    return { ...(this.count >= 0 ? { rows: this.count } : {}), ...(this.dim >= 0 ? { dim: this.dim } : {}) };
  }

  protected tooLong(): VectorFileError {
    const line = this.lineNo + 1;
    return new VectorFileError(`line ${line}: longer than ${MAX_LINE_BYTES / 2 ** 20} MB (not a vectors file?)`, { line });
  }

  protected parse(buf: Uint8Array, end: number, final: boolean): number {
    const window = buf.subarray(0, end);
    let p = 0;
    while (p < end && this.phase !== 'complete') {
      if (this.phase === 'blank') {
        // The header line was blank: if the whole file is, readWord2vecText says "empty file" instead.
        for (; p < end; p++) if (!isAsciiSpace(buf[p])) throw this.pending!;
        return end;
      }
      let nl = window.indexOf(0x0a, p);
      if (nl < 0) {
        if (!final) return p;
        nl = end;
      }
      this.line(buf, p, nl);
      p = nl + 1;
    }
    if (final && this.phase !== 'complete') this.finish();
    return Math.min(p, end);
  }

  /** One line: bytes [from, to) of the window, without its "\n". */
  private line(buf: Uint8Array, from: number, to: number): void {
    this.lineNo++;
    const lineNo = this.lineNo;
    let start = from;
    if (this.base + from === 0 && to - from >= 3 && buf[from] === 0xef && buf[from + 1] === 0xbb && buf[from + 2] === 0xbf) start += 3;
    let text: string;
    try {
      text = this.decoder.decode(buf.subarray(start, to));
    } catch {
      // (the native decoder rejects exactly the sequences firstInvalidUtf8 does; it only finds the offset)
      const at = this.base + firstInvalidUtf8(buf, start, to);
      throw new VectorFileError(`line ${lineNo}: invalid UTF-8 at byte offset ${at}`, { line: lineNo, offset: at });
    }
    if (!this.nonBlank) for (let i = start; i < to; i++) if (!isAsciiSpace(buf[i])) { this.nonBlank = true; break; }
    if (this.phase === 'header') {
      const h = text.trim();
      const m = HEADER.exec(h);
      if (!m) {
        const e = new VectorFileError(`line 1: expected a header "count dimension", found "${h.slice(0, 60)}"`, { line: 1 });
        if (this.nonBlank) throw e;
        this.pending = e;
        this.phase = 'blank';
        return;
      }
      this.count = Number(m[1]);
      this.dim = Number(m[2]);
      checkDim(this.dim, { line: 1 });
      const room = this.options.totalBytes - (this.base + to + 1);
      if (!Number.isSafeInteger(this.count) || this.count * (2 * this.dim + 2) > room + 1) {
        throw new VectorFileError(`line 1: header announces ${this.count} words of dimension ${this.dim}, more than the file's ${this.options.totalBytes} bytes can hold`, { line: 1 });
      }
      this.store = new RowStore(this.dim, Math.min(this.count, this.maxWords), this.options.allocate, true);
      this.phase = 'rows';
      this.stopIfEnough();
      return;
    }
    const t = text.trim();
    if (t === '') return;
    const parts = t.split(FIELDS);
    if (this.phase === 'first') {
      this.dim = parts.length - 1;
      if (this.dim < 1) throw new VectorFileError(`line ${lineNo}: no vector values after the word`, { line: lineNo });
      checkDim(this.dim, { line: lineNo });
      const hint = this.options.rowsHint;
      const capacity = Math.min(hint ?? 1024, this.maxWords);
      this.store = new RowStore(this.dim, Math.max(1, capacity), this.options.allocate, hint !== undefined);
      this.phase = 'rows';
    }
    this.row(parts, lineNo);
  }

  private row(parts: string[], lineNo: number): void {
    const { dim, count } = this;
    const word = parts[0];
    const r = this.words.length;
    if (count >= 0 && r >= count) {
      throw new VectorFileError(`line ${lineNo}: more rows than the ${count} the header announces`, { line: lineNo });
    }
    if (parts.length - 1 !== dim) {
      throw new VectorFileError(`line ${lineNo}: word "${word}" has ${parts.length - 1} values, expected ${dim}`, { line: lineNo });
    }
    const seen = this.firstLine.get(word);
    if (seen !== undefined) {
      throw new VectorFileError(`line ${lineNo}: duplicate word "${word}" (first on line ${seen})`, { line: lineNo });
    }
    this.firstLine.set(word, lineNo);
    const store = this.store!;
    const o = store.row(r);
    const data = store.data;
    for (let j = 0; j < dim; j++) {
      const v = Number(parts[j + 1]);
      if (!Number.isFinite(v)) {
        throw new VectorFileError(`line ${lineNo}: word "${word}": value ${j + 1} "${parts[j + 1].slice(0, 30)}" is not a finite number`, { line: lineNo });
      }
      data[o + j] = v;
      if (!Number.isFinite(data[o + j])) {
        throw new VectorFileError(`line ${lineNo}: word "${word}": value ${j + 1} "${parts[j + 1].slice(0, 30)}" is out of the float32 range`, { line: lineNo });
      }
    }
    this.words.push(word);
    this.stopIfEnough();
  }

  private stopIfEnough(): void {
    if (this.words.length >= this.maxWords) {
      this.phase = 'complete';
      this.finished = true;
    }
  }

  private finish(): void {
    if (this.phase === 'blank' || this.phase === 'header' || this.phase === 'first') throw new VectorFileError('line 1: empty file', { line: 1 });
    if (this.count >= 0 && this.words.length !== this.count) {
      throw new VectorFileError(`line ${this.lineNo}: the header announces ${this.count} words but the file has ${this.words.length}`, { line: this.lineNo });
    }
    this.phase = 'complete';
  }

  protected result(): ParsedVectors {
    if (this.phase !== 'complete') throw new Error('word2vec text reader: end() before the input was complete');
    return { words: this.words, dim: this.dim, data: this.store ? this.store.take(this.words.length) : new Float32Array(0) };
  }
}
