// The Embedding Lens model file (pure): versioned, length-checked and CRC32-checksummed.
//
// Layout (all integers little-endian):
//   0   8 bytes  magic "EMBLENS1"
//   8   u32      format version (MODEL_FILE_VERSION)
//   12  u32      reserved (0)
//   16  f64      total file length in bytes (exact integer)
//   24  u32      header length H, then H bytes of UTF-8 JSON (ModelFileHeader)
//       u32      words block length W, then W bytes: per word a u32 byte length + UTF-8 bytes
//       0-3 zero bytes of padding to a multiple of 4
//       the matrices, each vocabSize * dim float32 (row-major), in the order header.matrices lists them
//   end-4 u32    CRC32 (IEEE, as zlib/PNG) of every byte before it
// Version 1 held one matrix (the input vectors of one run) and no header.matrices. Version 2 holds a model
// trained with several seeds: each seed's input vectors and, so that a held-out score can be computed later
// for any rule, its output vectors. A version-1 file reads as one input matrix.
// A reader checks the magic, the version, the total length (truncation), the checksum, then the lengths
// of every section against the header, and reports "model file is corrupted: ..." with the reason.

import { isModelSourceKind, type ModelSourceKind } from '../model-kinds';

export const MODEL_FILE_MAGIC = 'EMBLENS1';
export const MODEL_FILE_VERSION = 2;
export const MODEL_FILE_EXTENSION = '.emblens';

export type ModelFileKind = ModelSourceKind;

export interface ModelFileHeader {
  kind: ModelFileKind;
  label: string;
  vocabSize: number;
  dim: number;
  tokens: number;
  files: number;
  trainedAt: string; // ISO 8601
  source: string; // what it was trained on / imported from
  hyperparameters: Record<string, number | string | boolean>;
  counts?: number[]; // word counts by id, when known
  extra?: Record<string, unknown>;
  /** version 2: what the matrices after the words are (written by writeModelFile from `matrices`) */
  matrices?: MatrixDescriptor[];
}

export type MatrixRole = 'input' | 'output';
export interface MatrixDescriptor { role: MatrixRole; seed: number }
export interface ModelMatrix extends MatrixDescriptor { data: Float32Array }

export interface ModelFileContents {
  header: ModelFileHeader;
  words: readonly string[];
  /** at least one input matrix; each vocabSize * dim, row-major */
  matrices: ModelMatrix[];
}

/** The input vectors of every seed, in the file's order. */
export function inputMatrices(c: Pick<ModelFileContents, 'matrices'>): ModelMatrix[] {
  return c.matrices.filter((m) => m.role === 'input');
}

/** One matrix of input vectors, for a model read from a vectors file (or any single run). */
export function singleInput(data: Float32Array, seed = 0): ModelMatrix[] {
  return [{ role: 'input', seed, data }];
}

export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** A model file whose header declares more words, dimensions or values than a model may have (`code` 'too-large'). */
export class ModelFileTooLargeError extends ModelFileError {
  readonly code = 'too-large';
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileTooLargeError';
  }
}

/** The limits a model file's header is checked against before anything is allocated (as the vector readers'). */
export const MODEL_LIMITS = { dim: 10_000, values: 2 ** 30, words: 2 ** 31 - 1 } as const;

// ---------------------------------------------------------------- CRC32 (IEEE 802.3, reflected 0xEDB88320)
let crcTable: Uint32Array | undefined;
function table(): Uint32Array {
  if (crcTable) return crcTable;
  const t = new Uint32Array(256 * 4);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  // slicing-by-4 tables
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let s = 1; s < 4; s++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[s * 256 + n] = c >>> 0;
    }
  }
  crcTable = t;
  return t;
}

/** CRC32 of bytes; pass a previous result as `crc` to continue over several chunks. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const t = table();
  let c = ~crc >>> 0;
  let i = 0;
  const n = bytes.length;
  const end4 = n - (n % 4);
  for (; i < end4; i += 4) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c = t[768 + (c & 0xff)]! ^ t[512 + ((c >>> 8) & 0xff)]! ^ t[256 + ((c >>> 16) & 0xff)]! ^ t[c >>> 24]!;
  }
  for (; i < n; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

// ---------------------------------------------------------------- write
const encoder = new TextEncoder();
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function writeModelFile(contents: ModelFileContents): Uint8Array {
  const { words, matrices } = contents;
  const header: ModelFileHeader = { ...contents.header, matrices: matrices.map(({ role, seed }) => ({ role, seed })) };
  const dim = header.dim;
  if (!Number.isInteger(dim) || dim <= 0) throw new ModelFileError(`invalid dimension ${dim}`);
  if (words.length !== header.vocabSize) throw new ModelFileError(`header says ${header.vocabSize} words but ${words.length} were given`);
  if (inputMatrices(contents).length === 0) throw new ModelFileError('a model needs at least one matrix of input vectors');
  for (const m of matrices) {
    if (m.data.length !== words.length * dim) throw new ModelFileError(`matrix has ${m.data.length} values; expected ${words.length} x ${dim}`);
    if (!Number.isSafeInteger(m.seed) || m.seed < 0) throw new ModelFileError(`invalid seed ${m.seed}`);
  }
  if (header.counts && header.counts.length !== words.length) throw new ModelFileError('counts and words differ in length');

  const headerBytes = encoder.encode(JSON.stringify(header));
  const wordBytes = words.map((w) => encoder.encode(w));
  const wordsLength = wordBytes.reduce((sum, b) => sum + 4 + b.length, 0);
  const beforeMatrix = 24 + 4 + headerBytes.length + 4 + wordsLength;
  const pad = (4 - (beforeMatrix % 4)) % 4;
  const matrixOffset = beforeMatrix + pad;
  const total = matrixOffset + matrices.length * words.length * dim * 4 + 4;

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(encoder.encode(MODEL_FILE_MAGIC), 0);
  view.setUint32(8, MODEL_FILE_VERSION, true);
  view.setUint32(12, 0, true);
  view.setFloat64(16, total, true);
  let o = 24;
  view.setUint32(o, headerBytes.length, true);
  o += 4;
  out.set(headerBytes, o);
  o += headerBytes.length;
  view.setUint32(o, wordsLength, true);
  o += 4;
  for (const b of wordBytes) {
    view.setUint32(o, b.length, true);
    o += 4;
    out.set(b, o);
    o += b.length;
  }
  o += pad;
  for (const { data } of matrices) {
    if (littleEndian) {
      out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), o);
    } else {
      for (let i = 0; i < data.length; i++) view.setFloat32(o + i * 4, data[i]!, true);
    }
    o += data.byteLength;
  }
  view.setUint32(o, crc32(out.subarray(0, o)), true);
  return out;
}

// ---------------------------------------------------------------- read
const decoder = new TextDecoder('utf-8', { fatal: true });

function corrupted(reason: string): ModelFileError {
  return new ModelFileError(`model file is corrupted: ${reason}`);
}

/** Reads only the header (cheap: no checksum over the matrix). Throws ModelFileError on a bad preamble. */
export function readModelHeader(bytes: Uint8Array): ModelFileHeader {
  const view = preamble(bytes, false);
  return parseHeader(bytes, view).header;
}

export function readModelFile(bytes: Uint8Array): ModelFileContents {
  const view = preamble(bytes, true);
  const total = bytes.length;
  const stored = view.getUint32(total - 4, true);
  const actual = crc32(bytes.subarray(0, total - 4));
  if (stored !== actual) throw corrupted('checksum mismatch');

  const { header, words, matrixOffset, descriptors } = readModelPrefix(bytes, total);
  const values = header.vocabSize * header.dim;
  const matrices: ModelMatrix[] = descriptors.map((d, i) => {
    const start = matrixOffset + i * values * 4;
    let data: Float32Array;
    if (littleEndian) {
      data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + values * 4));
    } else {
      data = new Float32Array(values);
      for (let j = 0; j < values; j++) data[j] = view.getFloat32(start + j * 4, true);
    }
    return { role: d.role, seed: d.seed, data };
  });
  return { header, words, matrices };
}

/** What precedes the matrices of a model file: its header, its words, where the matrices start and what they are. */
export interface ModelFilePrefix {
  header: ModelFileHeader;
  words: string[];
  matrixOffset: number;
  descriptors: MatrixDescriptor[];
}

/**
 * Bytes of the model file before its matrices that a reader needs, given the file's first `have` bytes (at least
 * 32): the length of a prefix that readModelPrefix() can read, or more bytes to ask for first. A streaming reader
 * calls it until the answer stops growing (each answer is capped at `total`).
 */
export function modelPrefixLength(bytes: Uint8Array, total: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let need = 28;
  if (bytes.length < need) return Math.min(need, total);
  need = 28 + view.getUint32(24, true) + 4; // the header, then the words section's length
  if (bytes.length < need || need > total - 4) return Math.min(need, total);
  need += view.getUint32(need - 4, true); // the words
  return Math.min(need, total);
}

/**
 * Reads the header and the words (and checks every length against the file's `total` length) from `bytes`, which
 * hold the file's first bytes, at least modelPrefixLength() of them: the same checks, in the same order, with the
 * same messages, whether the whole file is in memory (readModelFile) or is read a piece at a time.
 */
export function readModelPrefix(bytes: Uint8Array, total: number): ModelFilePrefix {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { header, end } = parseHeader(bytes, view, total);
  let o = end;
  if (o + 4 > total - 4) throw corrupted('words section is missing');
  const wordsLength = view.getUint32(o, true);
  o += 4;
  const wordsEnd = o + wordsLength;
  if (wordsEnd > total - 4) throw corrupted('words section runs past the end of the file');
  // every word has a 4-byte length: a vocabSize the section cannot hold is refused before the list is allocated
  if (header.vocabSize * 4 > wordsLength) throw corrupted(`words section of ${wordsLength} bytes cannot hold ${header.vocabSize} words`);
  const words: string[] = new Array(header.vocabSize);
  for (let i = 0; i < header.vocabSize; i++) {
    if (o + 4 > wordsEnd) throw corrupted(`words section ends after ${i} of ${header.vocabSize} words`);
    const len = view.getUint32(o, true);
    o += 4;
    if (o + len > wordsEnd) throw corrupted(`word ${i} runs past the words section`);
    try {
      words[i] = decoder.decode(bytes.subarray(o, o + len));
    } catch {
      throw corrupted(`word ${i} is not valid UTF-8`);
    }
    o += len;
  }
  if (o !== wordsEnd) throw corrupted('words section has unexpected trailing bytes');
  const matrixOffset = o + ((4 - (o % 4)) % 4);
  const values = header.vocabSize * header.dim;
  const descriptors = header.matrices ?? [{ role: 'input' as const, seed: Number(header.hyperparameters?.seed ?? 0) || 0 }];
  if (matrixOffset + descriptors.length * values * 4 + 4 !== total) {
    throw corrupted(`matrix size does not match ${descriptors.length} matrices of ${header.vocabSize} words x ${header.dim} dimensions`);
  }
  return { header, words, matrixOffset, descriptors: descriptors.map(({ role, seed }) => ({ role, seed })) };
}

/**
 * The checks readModelFile makes before anything else (magic, version, length field, truncation), from the file's
 * first bytes (`head`, up to 32 of them) and its size: a reader that streams the file calls this first.
 */
export function checkModelPreamble(head: Uint8Array, size: number): void {
  preamble(head, true, size);
}

function preamble(bytes: Uint8Array, full: boolean, size = bytes.length): DataView {
  if (size < 8 || bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 8)) !== MODEL_FILE_MAGIC) {
    throw new ModelFileError('not an Embedding Lens model file (bad magic bytes)');
  }
  if (size < 32) throw corrupted(`truncated (only ${size} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version > MODEL_FILE_VERSION) {
    throw new ModelFileError(`model file format version ${version} is newer than this extension supports (${MODEL_FILE_VERSION}); update Embedding Lens`);
  }
  if (version < 1) throw corrupted(`unknown format version ${version}`);
  const total = view.getFloat64(16, true);
  if (!Number.isSafeInteger(total) || total < 32) throw corrupted('invalid length field');
  if (full) {
    if (size < total) throw corrupted(`truncated (expected ${total} bytes, found ${size})`);
    if (size > total) throw corrupted(`unexpected ${size - total} trailing bytes`);
  }
  return view;
}

function parseHeader(bytes: Uint8Array, view: DataView, total = bytes.length): { header: ModelFileHeader; end: number } {
  const len = view.getUint32(24, true);
  const end = 28 + len;
  if (end > total) throw corrupted('header runs past the end of the file');
  let header: ModelFileHeader;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(28, end))) as ModelFileHeader;
  } catch {
    throw corrupted('header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null) throw corrupted('header is not an object');
  if (!Number.isInteger(header.vocabSize) || header.vocabSize < 0) throw corrupted('header has an invalid vocabSize');
  if (!Number.isInteger(header.dim) || header.dim <= 0) throw corrupted('header has an invalid dim');
  const n = (x: number) => x.toLocaleString('en');
  if (header.vocabSize > MODEL_LIMITS.words) throw new ModelFileTooLargeError(`model file declares ${n(header.vocabSize)} words, more than the ${n(MODEL_LIMITS.words)} a model may have`);
  if (header.dim > MODEL_LIMITS.dim) throw new ModelFileTooLargeError(`model file declares ${n(header.dim)} dimensions, more than the ${n(MODEL_LIMITS.dim)} a model may have`);
  if (header.vocabSize * header.dim > MODEL_LIMITS.values) {
    throw new ModelFileTooLargeError(`model file declares ${n(header.vocabSize)} words × ${n(header.dim)} dimensions, more than the ${n(MODEL_LIMITS.values)} values a model may have`);
  }
  if (!isModelSourceKind(header.kind)) throw corrupted(`unknown model kind ${String(header.kind)}`);
  if (header.matrices !== undefined) {
    const ok = Array.isArray(header.matrices) && header.matrices.length > 0 && header.matrices.length <= 1024
      && header.matrices.every((m) => (m?.role === 'input' || m?.role === 'output') && Number.isSafeInteger(m.seed) && m.seed >= 0)
      && header.matrices.some((m) => m.role === 'input');
    if (!ok) throw corrupted('header has an invalid list of matrices');
  }
  return { header, end };
}
