import { Embeddings } from '../vectors';
import { VectorFileError } from './errors';
import { allocateValues, bomLength, checkDim, checkValues, concatBytes, isBlank } from './shared';

const MAX_WORD_BYTES = 4096;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** word2vec binary: "V D\n", then per word: word bytes, a space, D little-endian float32, optional "\n". */
export function readWord2vecBinary(bytes: Uint8Array): Embeddings {
  const start = bomLength(bytes);
  if (isBlank(bytes, start)) throw new VectorFileError('byte offset 0: empty file', { offset: 0 });
  const nl = bytes.indexOf(0x0a, start);
  if (nl < 0 || nl - start > 64) throw new VectorFileError(`byte offset ${start}: missing "count dimension" header line`, { offset: start });
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, nl)).trim();
  const m = /^(\d+)[ \t]+(\d+)$/.exec(header);
  if (!m) throw new VectorFileError(`byte offset ${start}: expected a header "count dimension", found "${header}"`, { offset: start });
  const count = Number(m[1]);
  const dim = Number(m[2]);
  checkDim(dim, { offset: start });
  const room = bytes.length - (nl + 1);
  // Each record needs at least a 1-byte word, a space and 4*dim bytes: refuse a lying count before allocating.
  if (!Number.isSafeInteger(count) || count * (4 * dim + 2) > room + 1) {
    throw new VectorFileError(
      `byte offset ${start}: header announces ${count} words of dimension ${dim} (at least ${count * (4 * dim + 2)} bytes) but only ${room} bytes follow`,
      { offset: start },
    );
  }
  checkValues(count, dim, { offset: start }); // a file large enough to hold them may still be too much to load
  const data = allocateValues(count * dim, { offset: start });
  const dataBytes = new Uint8Array(data.buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const words: string[] = [];
  const firstAt = new Map<string, number>();
  const vecBytes = 4 * dim;
  let pos = nl + 1;
  for (let r = 0; r < count; r++) {
    while (pos < bytes.length && isSpace(bytes[pos])) pos++;
    if (pos >= bytes.length) {
      throw new VectorFileError(`byte offset ${pos}: truncated file: the header announces ${count} words, found ${r}`, { offset: pos });
    }
    const wordStart = pos;
    const limit = Math.min(bytes.length, pos + MAX_WORD_BYTES);
    let sp = pos;
    while (sp < limit && bytes[sp] !== 0x20) {
      if (bytes[sp] < 0x20 || bytes[sp] === 0x7f) {
        throw new VectorFileError(`byte offset ${sp}: control byte inside word ${r + 1} (wrong dimension in the header, or not a word2vec binary file?)`, { offset: sp });
      }
      sp++;
    }
    if (sp >= limit) {
      throw new VectorFileError(
        sp >= bytes.length
          ? `byte offset ${sp}: truncated file in word ${r + 1} of ${count}`
          : `byte offset ${wordStart}: word ${r + 1} has no space within ${MAX_WORD_BYTES} bytes`,
        { offset: sp >= bytes.length ? sp : wordStart },
      );
    }
    let word: string;
    try {
      word = decoder.decode(bytes.subarray(wordStart, sp));
    } catch {
      throw new VectorFileError(`byte offset ${wordStart}: invalid UTF-8 in word ${r + 1}`, { offset: wordStart });
    }
    const seen = firstAt.get(word);
    if (seen !== undefined) {
      throw new VectorFileError(`byte offset ${wordStart}: duplicate word "${word}" (first at byte offset ${seen})`, { offset: wordStart });
    }
    firstAt.set(word, wordStart);
    const vs = sp + 1;
    if (vs + vecBytes > bytes.length) {
      throw new VectorFileError(
        `byte offset ${bytes.length}: truncated file: word "${word}" (${r + 1} of ${count}, at byte offset ${wordStart}) needs ${vecBytes} bytes of vector, ${bytes.length - vs} left`,
        { offset: bytes.length },
      );
    }
    const o = r * dim;
    if (LITTLE_ENDIAN) dataBytes.set(bytes.subarray(vs, vs + vecBytes), o * 4);
    else for (let j = 0; j < dim; j++) data[o + j] = view.getFloat32(vs + 4 * j, true);
    for (let j = 0; j < dim; j++) {
      if (!Number.isFinite(data[o + j])) {
        throw new VectorFileError(`byte offset ${vs + 4 * j}: word "${word}": value ${j + 1} is ${data[o + j]}`, { offset: vs + 4 * j });
      }
    }
    words.push(word);
    pos = vs + vecBytes;
  }
  while (pos < bytes.length && isSpace(bytes[pos])) pos++;
  if (pos < bytes.length) {
    throw new VectorFileError(`byte offset ${pos}: data after the ${count} words the header announces`, { offset: pos });
  }
  return new Embeddings(words, dim, data);
}

export function writeWord2vecBinary(emb: Embeddings): Uint8Array {
  return concatBytes([...word2vecBinaryChunks(emb)]);
}

/** The word2vec binary file in pieces of a few MB, so a large model can be streamed to disk. */
export function* word2vecBinaryChunks(emb: Embeddings): Generator<Uint8Array> {
  const enc = new TextEncoder();
  const d = emb.dim;
  let parts: Uint8Array[] = [enc.encode(`${emb.size} ${d}\n`)];
  let size = 0;
  const vec = new Uint8Array(emb.data.buffer, emb.data.byteOffset, emb.data.byteLength);
  for (let r = 0; r < emb.size; r++) {
    const w = emb.words[r];
    if (/\s/.test(w) || w === '') throw new Error(`cannot write word "${w}": empty or contains whitespace`);
    const wb = enc.encode(w);
    const rec = new Uint8Array(wb.length + 2 + 4 * d);
    rec.set(wb, 0);
    rec[wb.length] = 0x20;
    if (LITTLE_ENDIAN) rec.set(vec.subarray(r * d * 4, (r + 1) * d * 4), wb.length + 1);
    else {
      const dv = new DataView(rec.buffer);
      for (let j = 0; j < d; j++) dv.setFloat32(wb.length + 1 + 4 * j, emb.data[r * d + j], true);
    }
    rec[rec.length - 1] = 0x0a;
    parts.push(rec);
    size += rec.length;
    if (size > 4 << 20) {
      yield concatBytes(parts);
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield concatBytes(parts);
}
