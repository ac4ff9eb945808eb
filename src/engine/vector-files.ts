// Vectors from disk, streamed (node side, no vscode): word2vec text and binary, fastText .vec, headerless
// text, TensorFlow Projector TSV, and Spark MLlib Word2VecModel folders. The file is read in window-sized
// pieces straight into the streaming reader's window (core/formats/stream.ts), so no whole-file buffer ever
// exists; the matrix goes into storage the caller allocates (a SharedArrayBuffer in the load worker).
// The load worker (vectors-worker.ts) runs this off the extension host's thread; the CLI runs it directly.
import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { VectorFileError, type VectorFormat } from '../core/formats';
import { looksLikeProjectorVectors, metadataColumns, parseProjectorMetadata, ProjectorVectorsReader } from '../core/formats/projector-read';
import type { StreamOptions, VectorStreamReader } from '../core/formats/stream';
import { createVectorReader, DETECT_BYTES, detectStreamFormat } from '../core/formats/stream-readers';
import { FINGERPRINT_HEAD, FINGERPRINT_TAIL, type FileFingerprint, type Observed } from '../core/model-reference';
import { LoadCancelledError } from './load-cancelled';
import type { ReadHooks, ReadOptions, ReadResult, SourceFormat, SourceInfo, VectorSource } from './vector-source';
import { notSparkFolder, sparkFolderOf } from './spark-folder';
// The reader itself (hyparquet) is loaded when a Spark folder is read, not by every process that reads vectors.
const sparkReader = () => import('./spark-reader');

export type { ReadHooks, ReadOptions, ReadResult, SourceFormat, SourceInfo, VectorSource } from './vector-source';

export { LoadCancelledError };

/** Bytes per read: the reader's window holds one piece plus an unfinished record. */
const PIECE = 4 << 20;
/** Rows the probe reads to check the header and the start of the file. */
const PROBE_ROWS = 64;

function checkCancel(hooks: ReadHooks): void {
  if (hooks.cancelled?.()) throw new LoadCancelledError();
}

/** What a path is: a Spark model folder (or a file inside one), a Projector vectors.tsv, or a vectors file. */
export async function resolveSource(path: string, format: SourceFormat | 'auto' = 'auto', metadataPath?: string): Promise<VectorSource & { metadataMissing?: boolean }> {
  const st = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new VectorFileError(`cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file or folder' : e.message}`);
  });
  const spark = format === 'auto' || format === 'spark-ml' || st.isDirectory() ? await sparkFolderOf(path) : undefined;
  if (spark) return { kind: 'spark', path: spark };
  if (format === 'spark-ml' || st.isDirectory()) throw notSparkFolder(path);
  if (format === 'projector-tsv' || (format === 'auto' && (metadataPath !== undefined || looksLikeProjectorVectors(await head(path, 1 << 16))))) {
    const meta = metadataPath ?? (await findMetadata(path));
    return { kind: 'projector', path, metadataPath: meta ?? '', ...(meta ? {} : { metadataMissing: true }) };
  }
  return { kind: 'vectors', path, format: format === 'auto' ? 'auto' : format };
}

/** metadata.tsv beside vectors.tsv, or <name>-metadata.tsv / <name>_metadata.tsv beside <name>.tsv. */
export async function findMetadata(vectorsPath: string): Promise<string | undefined> {
  const dir = dirname(vectorsPath);
  const stem = basename(vectorsPath).replace(/\.tsv$/i, '');
  const candidates = [
    ...(stem.toLowerCase() === 'vectors' ? ['metadata.tsv'] : []),
    `${stem}-metadata.tsv`, `${stem}_metadata.tsv`, `${stem.replace(/vectors?$/i, '')}metadata.tsv`,
    ...(stem.toLowerCase() === 'vectors' ? [] : ['metadata.tsv']),
  ];
  for (const c of candidates) {
    const p = join(dir, c);
    if (p !== vectorsPath && (await stat(p).then((s) => s.isFile(), () => false))) return p;
  }
  return undefined;
}

async function head(path: string, n: number): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = new Uint8Array(Math.min(n, size));
    let o = 0;
    while (o < buf.length) {
      const { bytesRead } = await fh.read(buf, o, buf.length - o, o);
      if (bytesRead === 0) break;
      o += bytesRead;
    }
    return buf.subarray(0, o);
  } finally {
    await fh.close();
  }
}

/** Lines (a last line without "\n" counts), reading in pieces. */
async function countLines(path: string, hooks: ReadHooks, total: number): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const buf = new Uint8Array(PIECE);
    let pos = 0;
    let lines = 0;
    let last = 0x0a;
    for (;;) {
      checkCancel(hooks);
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      const piece = buf.subarray(0, bytesRead);
      for (let i = piece.indexOf(0x0a); i >= 0; i = piece.indexOf(0x0a, i + 1)) lines++;
      last = piece[bytesRead - 1];
      pos += bytesRead;
      hooks.onProgress?.(pos, total, 'count');
    }
    return lines + (last !== 0x0a ? 1 : 0);
  } finally {
    await fh.close();
  }
}

function countLinesIn(bytes: Uint8Array): number {
  let lines = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, i + 1)) lines++;
  return lines + (bytes.length && bytes[bytes.length - 1] !== 0x0a ? 1 : 0);
}

/** Reads the header (or counts the lines, or reads the Parquet footers) to tell what a source holds. */
export async function probeSource(src: VectorSource, hooks: ReadHooks = {}): Promise<SourceInfo> {
  switch (src.kind) {
    case 'spark':
      return (await sparkReader()).probeSpark(src.path);
    case 'projector': {
      const size = (await stat(src.path)).size;
      const prefix = await head(src.path, DETECT_BYTES);
      const first = new TextDecoder().decode(prefix).split('\n').find((l) => l.trim() !== '');
      const dim = first ? first.trim().split('\t').length : 0;
      const lines = src.lines ?? (await countLines(src.path, hooks, size));
      const meta = metadataColumns(await readFile(src.metadataPath), { header: src.header, name: basename(src.metadataPath) });
      const labelColumn = typeof src.labelColumn === 'string' ? meta.columns.indexOf(src.labelColumn) : src.labelColumn;
      return {
        format: 'projector-tsv', words: meta.rows, exact: true, dim, bytes: size, frequencyOrdered: false, rowsHint: lines,
        columns: meta.columns, header: meta.header, ...(labelColumn !== undefined && labelColumn >= 0 ? { labelColumn } : {}),
        files: [src.path, src.metadataPath],
      };
    }
    case 'vectors':
    case 'bytes': {
      const size = src.kind === 'bytes' ? src.bytes.length : (await stat(src.path)).size;
      const prefix = src.kind === 'bytes' ? src.bytes.subarray(0, DETECT_BYTES) : await head(src.path, DETECT_BYTES);
      const format = src.format === 'auto' ? detectStreamFormat(prefix, size) : src.format;
      // The reader itself reads the header (and the first rows), so a bad one fails here with the very error
      // loading would give; a few rows only, so nothing the size of the matrix is allocated.
      const reader = createVectorReader(format, { totalBytes: size, maxWords: PROBE_ROWS });
      reader.push(prefix);
      if (prefix.length === size) reader.end();
      const shape = reader.shape();
      const files = src.kind === 'bytes' ? [] : [src.path];
      if (format !== 'headerless-text') {
        return { format, words: shape.rows ?? 0, exact: true, dim: shape.dim ?? 0, bytes: size, frequencyOrdered: true, files };
      }
      const lines = src.kind === 'bytes' ? countLinesIn(src.bytes) : src.lines ?? (await countLines(src.path, hooks, size));
      return { format, words: lines, exact: false, dim: shape.dim ?? 0, bytes: size, frequencyOrdered: true, rowsHint: lines, files };
    }
  }
}

/** Streams a file into a reader; checks the file did not change size meanwhile. */
async function pump(path: string, reader: VectorStreamReader, hooks: ReadHooks): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    let pos = 0;
    while (!reader.done) {
      checkCancel(hooks);
      const space = reader.space();
      const { bytesRead } = await fh.read(space, 0, Math.min(space.length, PIECE), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      reader.commit(bytesRead);
      hooks.onProgress?.(pos, size, 'read');
    }
    if (!reader.done && pos !== size) {
      throw new VectorFileError(`byte offset ${pos}: the file changed while it was read (it had ${size} bytes when loading began)`, { offset: pos });
    }
  } finally {
    await fh.close();
  }
}

export async function readSource(src: VectorSource, options: ReadOptions = {}): Promise<ReadResult> {
  const info = options.info ?? (await probeSource(src, options));
  const stream = (totalBytes: number): StreamOptions => ({
    totalBytes, maxWords: options.maxWords, rowsHint: info.rowsHint, allocate: options.allocate,
  });
  switch (src.kind) {
    case 'spark':
      return { parsed: await (await sparkReader()).readSpark(src.path, info, options), info };
    case 'projector': {
      const meta = parseProjectorMetadata(await readFile(src.metadataPath), {
        column: src.labelColumn ?? info.labelColumn, header: src.header ?? info.header, name: basename(src.metadataPath),
      });
      const reader = new ProjectorVectorsReader({ ...stream(info.bytes), labels: meta.labels, name: basename(src.path), metadataName: basename(src.metadataPath) });
      await pump(src.path, reader, options);
      return { parsed: reader.end(), info: { ...info, labelColumn: meta.column }, renamed: meta.renamed };
    }
    case 'vectors': {
      const reader = createVectorReader(info.format as VectorFormat, stream(info.bytes));
      await pump(src.path, reader, options);
      return { parsed: reader.end(), info };
    }
    case 'bytes': {
      const reader = createVectorReader(info.format as VectorFormat, stream(src.bytes.length));
      for (let o = 0; o < src.bytes.length && !reader.done; o += PIECE) {
        checkCancel(options);
        reader.push(src.bytes.subarray(o, o + PIECE));
        options.onProgress?.(Math.min(src.bytes.length, o + PIECE), src.bytes.length, 'read');
      }
      return { parsed: reader.end(), info };
    }
  }
}

/** Each file's size and modification time, and one hash of their first MiB and last 64 KiB (see model-reference.ts). */
export async function fingerprintFiles(paths: readonly string[]): Promise<Observed & { files: (FileFingerprint | undefined)[] }> {
  const hash = createHash('sha256');
  const files: (FileFingerprint | undefined)[] = [];
  let complete = true;
  for (const path of paths) {
    let fh;
    try {
      fh = await open(path, 'r');
    } catch {
      files.push(undefined);
      complete = false;
      continue;
    }
    try {
      const st = await fh.stat();
      files.push({ uri: pathToFileURL(path).toString(), size: st.size, mtimeMs: Math.round(st.mtimeMs) });
      const headLen = Math.min(FINGERPRINT_HEAD, st.size);
      const tailLen = Math.min(FINGERPRINT_TAIL, st.size - headLen);
      const buf = new Uint8Array(headLen + tailLen);
      if (headLen) await fh.read(buf, 0, headLen, 0);
      if (tailLen) await fh.read(buf, headLen, tailLen, st.size - tailLen);
      hash.update(`${st.size}\n`).update(buf);
    } finally {
      await fh.close();
    }
  }
  return { files, ...(complete ? { hash: hash.digest('hex') } : {}) };
}
