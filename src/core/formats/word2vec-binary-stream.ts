// word2vec binary, streamed (see stream.ts): the same format, checks and messages as readWord2vecBinary.
import { VectorFileError } from './errors';
import { checkDim } from './shared';
import { isAsciiSpace, RowStore, WindowReader, type ParsedVectors, type StreamOptions } from './stream';

const MAX_WORD_BYTES = 4096;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** The header line may be at most this long (after a BOM). */
const HEADER_WINDOW = 64;

/**
 * The end of a word starting at `from`: the index of its space, or `to` when none comes before `to`; a control
 * byte first gives -(its index) - 1.
 */
function scanWord(buf: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const b = buf[i];
    if (b === 0x20) return i;
    if (b < 0x20 || b === 0x7f) return -i - 1;
  }
  return to;
}

/** The first of n values (as float32 bits) from `o` that is Infinity or NaN (exponent all ones), or -1. */
function firstNonFinite(bits: Uint32Array, o: number, n: number): number {
  for (let j = 0; j < n; j++) if ((bits[o + j] & 0x7f800000) === 0x7f800000) return j;
  return -1;
}

export class Word2vecBinaryReader extends WindowReader {
  private phase: 'bom' | 'header' | 'blank' | 'records' | 'trailing' | 'complete' = 'bom';
  private start = 0; // BOM length
  private count = 0;
  private dim = 0;
  private rowLimit = 0; // rows to read: count, or maxWords when smaller
  private r = 0;
  private store: RowStore | undefined;
  private bytes: Uint8Array | undefined; // store.data as bytes
  private bits: Uint32Array | undefined; // store.data as bits, for the finiteness check
  private readonly words: string[] = [];
  private readonly firstAt = new Map<string, number>();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private nonBlank = false; // a byte other than ASCII whitespace was seen (readWord2vecBinary's isBlank)
  private pending: VectorFileError | undefined;

  constructor(private readonly options: StreamOptions) {
    super(options.windowBytes);
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

  private get limit(): number {
    return this.rowLimit;
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
    this.rowLimit = Math.min(count, this.options.maxWords ?? count);
    this.store = new RowStore(dim, this.rowLimit, this.options.allocate, true);
    const data = this.store.data;
    this.bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
    this.phase = this.rowLimit === 0 ? (count === 0 ? 'trailing' : 'complete') : 'records';
    if (this.phase === 'complete') this.finished = true;
    return nl + 1;
  }

  /** Every complete record in the window; returns where the first unfinished one starts. */
  private records(buf: Uint8Array, from: number, end: number, final: boolean): number {
    const { dim, count, base, limit, total } = this;
    const vecBytes = 4 * dim;
    const store = this.store!;
    const bytes = this.bytes!;
    const bits = this.bits!;
    const firstAt = this.firstAt;
    const view = LITTLE_ENDIAN ? undefined : new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let r = this.r;
    let p = from;
    try {
      while (r < limit) {
        let q = p;
        while (q < end && isAsciiSpace(buf[q])) q++;
        if (q >= end) {
          if (!final) return q;
          throw new VectorFileError(`byte offset ${base + q}: truncated file: the header announces ${count} words, found ${r}`, { offset: base + q });
        }
        const wordStart = q;
        const wordLimit = wordStart + MAX_WORD_BYTES;
        const sp = scanWord(buf, q, Math.min(end, wordLimit));
        if (sp < 0) {
          const at = base - sp - 1;
          throw new VectorFileError(`byte offset ${at}: control byte inside word ${r + 1} (wrong dimension in the header, or not a word2vec binary file?)`, { offset: at });
        }
        const absSp = base + sp;
        if (sp >= end || sp === wordLimit || buf[sp] !== 0x20) {
          // No space yet: the word is too long, or the file ends inside it, or the window does (wait for more).
          if (sp === wordLimit && absSp < total) {
            throw new VectorFileError(`byte offset ${base + wordStart}: word ${r + 1} has no space within ${MAX_WORD_BYTES} bytes`, { offset: base + wordStart });
          }
          if (!final && absSp < total) return wordStart;
          throw new VectorFileError(`byte offset ${absSp}: truncated file in word ${r + 1} of ${count}`, { offset: absSp });
        }
        const vs = sp + 1;
        if (vs + vecBytes > end && !final) return wordStart; // the vector is not all here yet
        const absWord = base + wordStart;
        let word: string;
        try {
          word = this.decoder.decode(buf.subarray(wordStart, sp));
        } catch {
          throw new VectorFileError(`byte offset ${absWord}: invalid UTF-8 in word ${r + 1}`, { offset: absWord });
        }
        const seen = firstAt.get(word);
        if (seen !== undefined) {
          throw new VectorFileError(`byte offset ${absWord}: duplicate word "${word}" (first at byte offset ${seen})`, { offset: absWord });
        }
        firstAt.set(word, absWord);
        if (vs + vecBytes > end) {
          throw new VectorFileError(
            `byte offset ${base + end}: truncated file: word "${word}" (${r + 1} of ${count}, at byte offset ${absWord}) needs ${vecBytes} bytes of vector, ${end - vs} left`,
            { offset: base + end },
          );
        }
        const o = store.row(r);
        if (LITTLE_ENDIAN) bytes.set(buf.subarray(vs, vs + vecBytes), o * 4);
        else for (let j = 0; j < dim; j++) store.data[o + j] = view!.getFloat32(vs + 4 * j, true);
        const bad = firstNonFinite(bits, o, dim);
        if (bad >= 0) {
          const at = base + vs + 4 * bad;
          throw new VectorFileError(`byte offset ${at}: word "${word}": value ${bad + 1} is ${store.data[o + bad]}`, { offset: at });
        }
        this.words.push(word);
        r++;
        p = vs + vecBytes;
      }
    } finally {
      this.r = r;
    }
    if (limit < count) {
      this.finished = true; // maxWords reached: the rest is not read
      this.phase = 'complete';
      return end;
    }
    this.phase = 'trailing';
    return p;
  }

  protected result(): ParsedVectors {
    if (this.phase !== 'complete') throw new Error('word2vec binary reader: end() before the input was complete');
    return { words: this.words, dim: this.dim, data: this.store!.take(this.r) };
  }
}
