import { VectorFileError, VectorFileTooLargeError } from './errors';

// Refuse absurd headers before allocating: no real embedding has more dimensions than this.
export const MAX_DIM = 10000;
/** The most float32 values one model may hold (4 GiB): beyond, the readers refuse with a VectorFileTooLargeError. */
export const MAX_VALUES = 2 ** 30;

export function bomLength(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

export function isBlank(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  }
  return true;
}

/** Byte offset of the first invalid UTF-8 sequence in bytes[from, to), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let i = from;
  while (i < to) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number, min: number, cp: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; cp = b & 0x1f; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; cp = b & 0x0f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; cp = b & 0x07; }
    else return i;
    if (i + need >= to) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

export function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function at(where: { line?: number; offset?: number }): string {
  return where.line !== undefined ? `line ${where.line}` : `byte offset ${where.offset}`;
}

export function checkDim(dim: number, where: { line?: number; offset?: number }): void {
  if (dim > MAX_DIM) {
    throw new VectorFileTooLargeError(`${at(where)}: dimension ${dim} in the header is out of range (1..${MAX_DIM})`, where);
  }
  if (!Number.isSafeInteger(dim) || dim < 1) {
    throw new VectorFileError(`${at(where)}: dimension ${dim} in the header is out of range (1..${MAX_DIM})`, where);
  }
}

/** Refuses `words × dim` beyond MAX_VALUES, before anything is allocated. */
export function checkValues(words: number, dim: number, where: { line?: number; offset?: number }): void {
  if (!Number.isSafeInteger(words) || words * dim > MAX_VALUES) {
    throw new VectorFileTooLargeError(
      `${at(where)}: ${words.toLocaleString('en')} words × ${dim.toLocaleString('en')} dimensions is more than the ${MAX_VALUES.toLocaleString('en')} values Embedding Lens holds`, where);
  }
}

/** A Float32Array of n values, or a VectorFileTooLargeError when the memory cannot be had. */
export function allocateValues(n: number, where: { line?: number; offset?: number }): Float32Array {
  try {
    return new Float32Array(n);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new VectorFileTooLargeError(`${at(where)}: cannot allocate ${n.toLocaleString('en')} values (${(n * 4 / 2 ** 30).toFixed(1)} GiB): out of memory`, where);
    }
    throw e;
  }
}

/** Shortest decimal that reads back as the same float32. */
export function formatFloat(v: number): string {
  if (v === 0) return '0';
  for (let p = 6; p < 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(Number(v.toPrecision(9)));
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
