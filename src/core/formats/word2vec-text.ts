import { Embeddings } from '../vectors';
import { VectorFileError } from './errors';
import { allocateValues, bomLength, checkDim, checkValues, concatBytes, firstInvalidUtf8, formatFloat, isBlank, lineOfOffset } from './shared';

const HEADER = /^(\d+)[ \t]+(\d+)$/;
const FIELDS = /[ \t]+/;

/**
 * word2vec text ("V D" header), fastText .vec (the same, often a trailing space per line) and, with
 * header=false, the headerless variant (kōan, GloVe): "word v1 ... vD" per line. BOM and CRLF tolerated.
 */
export function readWord2vecText(bytes: Uint8Array, header: boolean): Embeddings {
  const start = bomLength(bytes);
  if (isBlank(bytes, start)) throw new VectorFileError('line 1: empty file', { line: 1 });
  const decoder = new TextDecoder('utf-8');
  let pos = start;
  let lineNo = 0;
  // Errors are reported in file order: a line is checked for invalid UTF-8 when it is read, so a streaming
  // reader (word2vec-text-stream.ts) can report the same first error without reading the file to its end.
  const nextLine = (): string | undefined => {
    if (pos >= bytes.length) return undefined;
    let nl = bytes.indexOf(0x0a, pos);
    if (nl < 0) nl = bytes.length;
    lineNo++;
    const bad = firstInvalidUtf8(bytes, pos, nl);
    if (bad >= 0) throw new VectorFileError(`line ${lineNo}: invalid UTF-8 at byte offset ${bad}`, { line: lineNo, offset: bad });
    const s = decoder.decode(bytes.subarray(pos, nl));
    pos = nl + 1;
    return s;
  };

  let count = -1;
  let dim = -1;
  let first: string | undefined;
  if (header) {
    const h = (nextLine() ?? '').trim();
    const m = HEADER.exec(h);
    if (!m) throw new VectorFileError(`line 1: expected a header "count dimension", found "${h.slice(0, 60)}"`, { line: 1 });
    count = Number(m[1]);
    dim = Number(m[2]);
    checkDim(dim, { line: 1 });
    // Every row needs at least a 1-byte word and "x " per value: refuse a lying count before allocating.
    const room = bytes.length - pos;
    if (!Number.isSafeInteger(count) || count * (2 * dim + 2) > room + 1) {
      throw new VectorFileError(`line 1: header announces ${count} words of dimension ${dim}, more than the file's ${bytes.length} bytes can hold`, { line: 1 });
    }
    checkValues(count, dim, { line: 1 }); // a file large enough to hold them may still be too much to load
  } else {
    do first = nextLine(); while (first !== undefined && first.trim() === '');
    if (first === undefined) throw new VectorFileError('line 1: empty file', { line: 1 });
    dim = first.trim().split(FIELDS).length - 1;
    if (dim < 1) throw new VectorFileError(`line ${lineNo}: no vector values after the word`, { line: lineNo });
    checkDim(dim, { line: lineNo });
  }

  // Without a header, each row still needs a word and " x" per value: at most this many rows fit in the file
  // (blank lines do not count, so a 10,000-value first line and a million empty ones cannot ask for 10^10 values).
  const maxRows = count >= 0 ? count : Math.floor((bytes.length - pos) / (2 * dim + 1)) + 1;
  if (count < 0) checkValues(maxRows, dim, { line: lineNo });
  let capacity = count >= 0 ? count : Math.max(1, Math.min(maxRows, lineOfOffset(bytes, bytes.length)));
  let data = allocateValues(capacity * dim, { line: lineNo });
  const words: string[] = [];
  const firstLine = new Map<string, number>();
  for (let line = first ?? nextLine(); line !== undefined; line = nextLine()) {
    const t = line.trim();
    if (t === '') continue;
    const parts = t.split(FIELDS);
    const word = parts[0];
    if (count >= 0 && words.length >= count) {
      throw new VectorFileError(`line ${lineNo}: more rows than the ${count} the header announces`, { line: lineNo });
    }
    if (parts.length - 1 !== dim) {
      throw new VectorFileError(`line ${lineNo}: word "${word}" has ${parts.length - 1} values, expected ${dim}`, { line: lineNo });
    }
    const seen = firstLine.get(word);
    if (seen !== undefined) {
      throw new VectorFileError(`line ${lineNo}: duplicate word "${word}" (first on line ${seen})`, { line: lineNo });
    }
    firstLine.set(word, lineNo);
    const r = words.length;
    if (r >= capacity) {
      capacity = Math.min(2 * capacity, Math.max(maxRows, capacity + 1));
      const bigger = allocateValues(capacity * dim, { line: lineNo });
      bigger.set(data);
      data = bigger;
    }
    const o = r * dim;
    for (let j = 0; j < dim; j++) {
      const v = Number(parts[j + 1]);
      if (!Number.isFinite(v)) {
        throw new VectorFileError(`line ${lineNo}: word "${word}": value ${j + 1} "${parts[j + 1].slice(0, 30)}" is not a finite number`, { line: lineNo });
      }
      data[o + j] = v;
      if (!Number.isFinite(data[o + j])) {
        // finite as a double but beyond float32 (|v| > 3.4e38): it would become Infinity and poison every cosine
        throw new VectorFileError(`line ${lineNo}: word "${word}": value ${j + 1} "${parts[j + 1].slice(0, 30)}" is out of the float32 range`, { line: lineNo });
      }
    }
    words.push(word);
  }
  if (count >= 0 && words.length !== count) {
    throw new VectorFileError(`line ${lineNo}: the header announces ${count} words but the file has ${words.length}`, { line: lineNo });
  }
  return new Embeddings(words, dim, data.length === words.length * dim ? data : data.slice(0, words.length * dim));
}

function* lineChunks(emb: Embeddings, header: string | undefined, sep: string, withWord: boolean): Generator<Uint8Array> {
  const enc = new TextEncoder();
  let buf: string[] = header === undefined ? [] : [header];
  let size = 0;
  const d = emb.dim;
  const row = new Array<string>(d);
  for (let r = 0; r < emb.size; r++) {
    if (withWord && /[\s]/.test(emb.words[r])) throw new Error(`cannot write word "${emb.words[r]}": it contains whitespace`);
    for (let j = 0; j < d; j++) row[j] = formatFloat(emb.data[r * d + j]);
    const line = (withWord ? emb.words[r] + sep : '') + row.join(sep);
    buf.push(line);
    size += line.length;
    // Encode in ~4 MB pieces so a large model never becomes one giant string.
    if (size > 4 << 20) {
      yield enc.encode(buf.join('\n') + '\n');
      buf = [];
      size = 0;
    }
  }
  if (buf.length) yield enc.encode(buf.join('\n') + '\n');
}

function writeLines(emb: Embeddings, header: string | undefined, sep: string, withWord: boolean): Uint8Array {
  return concatBytes([...lineChunks(emb, header, sep, withWord)]);
}

/** The word2vec text file in pieces of a few MB, so a large model can be streamed to disk. */
export function word2vecTextChunks(emb: Embeddings): Generator<Uint8Array> {
  return lineChunks(emb, `${emb.size} ${emb.dim}`, ' ', true);
}

export function writeWord2vecText(emb: Embeddings): Uint8Array {
  return writeLines(emb, `${emb.size} ${emb.dim}`, ' ', true);
}

export function writeHeaderlessText(emb: Embeddings): Uint8Array {
  return writeLines(emb, undefined, ' ', true);
}

/** Rows of tab-separated values, for the TensorFlow Projector's vectors.tsv. */
export function writeTsvRows(emb: Embeddings): Uint8Array {
  return writeLines(emb, undefined, '\t', false);
}
