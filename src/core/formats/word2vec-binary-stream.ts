// word2vec binary, streamed (see stream.ts): the same format, checks and messages as readWord2vecBinary.
import { VectorFileError } from './errors';
import { checkDim } from './shared';
import { isAsciiSpace, RowStore, WindowReader, WordSink, type ParsedVectors, type StreamOptions } from './stream';

const MAX_WORD_BYTES = 4096;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** The header line may be at most this long (after a BOM). */
const HEADER_WINDOW = 64;

export class Word2vecBinaryReader extends WindowReader {
  private phase: 'bom' | 'header' | 'blank' | 'records' | 'trailing' | 'complete' = 'bom';
  private start = 0; // BOM length
  private count = 0;
  private dim = 0;
  private limit = 0; // rows to read: count, or maxWords when smaller
  private r = 0;
  private store: RowStore | undefined;
  private bytes: Uint8Array | undefined; // store.data as bytes
  private bits: Uint32Array | undefined; // store.data as bits, for the finiteness check
  private readonly sink: WordSink;
  private readonly firstAt = new Map<string, number>();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private nonBlank = false; // a byte other than ASCII whitespace was seen (readWord2vecBinary's isBlank)
  private pending: VectorFileError | undefined;

  constructor(private readonly options: StreamOptions) {
    super(options.windowBytes);
    this.sink = new WordSink(options.onWords);
  }

  get rows(): number {
    return this.r;
  }

  shape(): { rows?: number; dim?: number } {
    return this.phase === 'bom' || this.phase === 'header' || this.phase === 'blank' ? {} : { rows: this.count, dim: this.dim };
  }

  protected tooLong(): VectorFileError {
    return new VectorFileError(`byte offset ${this.base}: a record longer than the reader's window`, { offset: this.base });
  }

  private get total(): number {
    return this.options.totalBytes;
  }

  protected parse(buf: Uint8Array, end: number, final: boolean): number {
    let p = 0;
    if (this.phase === 'bom') {
      if (end < 3 && !final) return 0;
      this.start = end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
      this.phase = 'header';
    }
    if (this.phase === 'header') {
      p = this.header(buf, end, final);
      if (this.phase === 'header') return 0;
    }
    if (this.phase === 'blank') {
      // A header error in a file that may be all whitespace: readWord2vecBinary says "empty file" for those.
      for (; p < end; p++) if (!isAsciiSpace(buf[p])) throw this.pending!;
      if (final) throw new VectorFileError('byte offset 0: empty file', { offset: 0 });
      return end;
    }
    if (this.phase === 'records') p = this.records(buf, p, end, final);
    if (this.phase === 'trailing') {
      while (p < end && isAsciiSpace(buf[p])) p++;
      if (p < end) {
        const at = this.base + p;
        throw new VectorFileError(`byte offset ${at}: data after the ${this.count} words the header announces`, { offset: at });
      }
      if (final) this.phase = 'complete';
    }
    return p;
  }

  /** Reads "count dim\n" once it is in the window (or the window shows it is missing). Returns bytes used. */
  private header(buf: Uint8Array, end: number, final: boolean): number {
    const start = this.start;
    const avail = Math.min(end, start + HEADER_WINDOW + 1);
    let nl = -1;
    for (let i = start; i < avail; i++) {
      if (buf[i] === 0x0a) { nl = i; break; }
    }
    if (nl < 0 && end < start + HEADER_WINDOW + 1 && !final) return 0;
    for (let i = start; i < (nl < 0 ? avail : nl); i++) if (!isAsciiSpace(buf[i])) this.nonBlank = true;
    const fail = (e: VectorFileError): number => {
      // the whole file might still be blank: then the error is "empty file" (decided by the rest)
      if (this.nonBlank) throw e;
      this.pending = e;
      this.phase = 'blank';
      return nl < 0 ? avail : nl;
    };
    if (nl < 0) {
      if (end === start && final) throw new VectorFileError('byte offset 0: empty file', { offset: 0 });
      return fail(new VectorFileError(`byte offset ${start}: missing "count dimension" header line`, { offset: start }));
    }
    const header = new TextDecoder('latin1').decode(buf.subarray(start, nl)).trim();
    const m = /^(\d+)[ \t]+(\d+)$/.exec(header);
    if (!m) return fail(new VectorFileError(`byte offset ${start}: expected a header "count dimension", found "${header}"`, { offset: start }));
    const count = Number(m[1]);
    const dim = Number(m[2]);
    checkDim(dim, { offset: start });
    const room = this.total - (nl + 1);
    if (!Number.isSafeInteger(count) || count * (4 * dim + 2) > room + 1) {
      throw new VectorFileError(
        `byte offset ${start}: header announces ${count} words of dimension ${dim} (at least ${count * (4 * dim + 2)} bytes) but only ${room} bytes follow`,
        { offset: start },
      );
    }
    this.count = count;
    this.dim = dim;
    this.limit = Math.min(count, this.options.maxWords ?? count);
    this.store = new RowStore(dim, this.limit, this.options.allocate, true);
    const data = this.store.data;
    this.bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
    this.phase = this.limit === 0 ? (count === 0 ? 'trailing' : 'complete') : 'records';
    if (this.phase === 'complete') this.finished = true;
    return nl + 1;
  }

  /** Every complete record in the window; returns where the first unfinished one starts. */
  private records(buf: Uint8Array, from: number, end: number, final: boolean): number {
    const { dim, count } = this;
    const vecBytes = 4 * dim;
    const view = LITTLE_ENDIAN ? undefined : new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let p = from;
    while (this.r < this.limit) {
      let q = p;
      while (q < end && isAsciiSpace(buf[q])) q++;
      if (q >= end) {
        if (!final) return q;
        const at = this.base + q;
        throw new VectorFileError(`byte offset ${at}: truncated file: the header announces ${count} words, found ${this.r}`, { offset: at });
      }
      const wordStart = q;
      const wordLimit = wordStart + MAX_WORD_BYTES;
      let sp = q;
      const scanEnd = Math.min(end, wordLimit);
      while (sp < scanEnd && buf[sp] !== 0x20) {
        if (buf[sp] < 0x20 || buf[sp] === 0x7f) {
          const at = this.base + sp;
          throw new VectorFileError(`byte offset ${at}: control byte inside word ${this.r + 1} (wrong dimension in the header, or not a word2vec binary file?)`, { offset: at });
        }
        sp++;
      }
      const absSp = this.base + sp;
      if (sp >= scanEnd) {
        // No space yet: the word is too long, or the file ends inside it, or the window does (wait for more).
        if (sp === wordLimit && absSp < this.total) {
          const at = this.base + wordStart;
          throw new VectorFileError(`byte offset ${at}: word ${this.r + 1} has no space within ${MAX_WORD_BYTES} bytes`, { offset: at });
        }
        if (!final && absSp < this.total) return wordStart;
        throw new VectorFileError(`byte offset ${absSp}: truncated file in word ${this.r + 1} of ${count}`, { offset: absSp });
      }
      const vs = sp + 1;
      if (vs + vecBytes > end && !final) return wordStart; // the vector is not all here yet
      const absWord = this.base + wordStart;
      let word: string;
      try {
        word = this.decoder.decode(buf.subarray(wordStart, sp));
      } catch {
        throw new VectorFileError(`byte offset ${absWord}: invalid UTF-8 in word ${this.r + 1}`, { offset: absWord });
      }
      const seen = this.firstAt.get(word);
      if (seen !== undefined) {
        throw new VectorFileError(`byte offset ${absWord}: duplicate word "${word}" (first at byte offset ${seen})`, { offset: absWord });
      }
      this.firstAt.set(word, absWord);
      if (vs + vecBytes > end) {
        const at = this.base + end;
        throw new VectorFileError(
          `byte offset ${at}: truncated file: word "${word}" (${this.r + 1} of ${count}, at byte offset ${absWord}) needs ${vecBytes} bytes of vector, ${end - vs} left`,
          { offset: at },
        );
      }
      const o = this.store!.row(this.r);
      if (LITTLE_ENDIAN) this.bytes!.set(buf.subarray(vs, vs + vecBytes), o * 4);
      else for (let j = 0; j < dim; j++) this.store!.data[o + j] = view!.getFloat32(vs + 4 * j, true);
      const bits = this.bits!;
      for (let j = 0; j < dim; j++) {
        // exponent all ones: Infinity or NaN
        if ((bits[o + j] & 0x7f800000) === 0x7f800000) {
          const at = this.base + vs + 4 * j;
          throw new VectorFileError(`byte offset ${at}: word "${word}": value ${j + 1} is ${this.store!.data[o + j]}`, { offset: at });
        }
      }
      this.sink.add(word);
      this.r++;
      p = vs + vecBytes;
    }
    if (this.limit < count) {
      this.finished = true; // maxWords reached: the rest is not read
      this.phase = 'complete';
      this.sink.flush();
      return end;
    }
    this.phase = 'trailing';
    return p;
  }

  protected result(): ParsedVectors {
    if (this.phase !== 'complete') throw new Error('word2vec binary reader: end() before the input was complete');
    this.sink.flush();
    return { words: this.sink.words, dim: this.dim, data: this.store!.take(this.r) };
  }
}
