// A Spark MLlib Word2VecModel folder, read with hyparquet (node side). What the folder holds, and the checks,
// are in core/formats/spark-model.ts; this reads the metadata file and the Parquet files, one row group at a
// time (a file is never read whole: hyparquet asks for the byte ranges of one row group's column chunks).
import { open, readdir, readFile } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { VectorFileError } from '../core/formats';
import { parseSparkMetadata, SparkRowsAssembler, sparkLayoutOf, type SparkLayout, type SparkMetadata } from '../core/formats/spark-model';
import type { ParsedVectors } from '../core/formats/stream';
import { LoadCancelledError } from './load-cancelled';
import { readFloatLists } from './parquet-float-lists';
import type { ReadOptions, SourceInfo } from './vector-source';

interface SparkFiles {
  metadataFile: string;
  metadata: SparkMetadata;
  dataFiles: string[];
}

async function sparkFiles(dir: string): Promise<SparkFiles> {
  const part = (n: string) => n.startsWith('part-') && !n.endsWith('.crc');
  const metaNames = (await readdir(join(dir, 'metadata'))).filter(part).sort();
  if (!metaNames.length) throw new VectorFileError(`${join(dir, 'metadata')}: no part-* file (the model's metadata is missing)`);
  const metadataFile = join(dir, 'metadata', metaNames[0]);
  const metadata = parseSparkMetadata(await readFile(metadataFile, 'utf8'), `metadata/${metaNames[0]}`);
  const dataNames = (await readdir(join(dir, 'data'))).filter((n) => n.endsWith('.parquet') && !n.startsWith('.')).sort();
  if (!dataNames.length) throw new VectorFileError(`${join(dir, 'data')}: no .parquet files (the model's vectors are missing)`);
  return { metadataFile, metadata, dataFiles: dataNames.map((n) => join(dir, 'data', n)) };
}

/** A Parquet file as hyparquet reads it: byte ranges on demand. */
async function parquetFile(path: string): Promise<{ file: AsyncBuffer; close(): Promise<void> }> {
  const fh = await open(path, 'r');
  const size = (await fh.stat()).size;
  return {
    file: {
      byteLength: size,
      async slice(start: number, end = size): Promise<ArrayBuffer> {
        const from = Math.max(0, start);
        const to = Math.min(size, end);
        const buf = new ArrayBuffer(Math.max(0, to - from));
        const view = new Uint8Array(buf);
        for (let o = 0; o < view.length;) {
          const { bytesRead } = await fh.read(view, o, view.length - o, from + o);
          if (bytesRead === 0) break;
          o += bytesRead;
        }
        return buf;
      },
    },
    close: () => fh.close(),
  };
}

const rel = (path: string) => `data/${basename(path)}`;

// hyparquet reads SNAPPY (Spark's default) itself; GZIP and BROTLI come from node's zlib. ZSTD, LZ4 and LZO
// are refused with a clear error (unreadable() below).
const compressors = {
  GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)),
  BROTLI: (input: Uint8Array) => new Uint8Array(brotliDecompressSync(input)),
};

function unreadable(path: string, e: unknown): VectorFileError {
  if (e instanceof VectorFileError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const codec = /unsupported compression codec: (\w+)/.exec(message)?.[1];
  if (codec) {
    return new VectorFileError(`${rel(path)}: compressed with ${codec}, which Embedding Lens cannot read (it reads snappy, Spark's default, gzip and brotli); save the model again with spark.sql.parquet.compression.codec=snappy`);
  }
  return new VectorFileError(`${rel(path)}: not a readable Parquet file (${message})`);
}

interface DataFile {
  path: string;
  meta: FileMetaData;
  layout: SparkLayout;
  rows: number;
  bytes: number;
}

async function readFooters(files: SparkFiles): Promise<DataFile[]> {
  const out: DataFile[] = [];
  for (const path of files.dataFiles) {
    const pf = await parquetFile(path);
    try {
      const meta = await parquetMetadataAsync(pf.file).catch((e: unknown) => { throw unreadable(path, e); });
      const columns = parquetSchema(meta).children.map((c) => c.element.name);
      out.push({ path, meta, layout: sparkLayoutOf(columns, rel(path)), rows: Number(meta.num_rows), bytes: pf.file.byteLength });
    } finally {
      await pf.close();
    }
  }
  const layouts = new Set(out.map((f) => f.layout));
  if (layouts.size > 1) throw new VectorFileError('data/: the Parquet files do not share one layout (some have word/vector, some wordIndex/wordVectors)');
  return out;
}

/** Sum of a leaf column's value count over the row groups (path: top-level name and last component). */
function leafValues(meta: FileMetaData, top: string, leaf: string): number {
  let n = 0;
  for (const rg of meta.row_groups) {
    for (const c of rg.columns) {
      const p = c.meta_data?.path_in_schema ?? [];
      if (p[0] === top && p[p.length - 1] === leaf) n += Number(c.meta_data!.num_values);
    }
  }
  return n;
}

export async function probeSpark(dir: string): Promise<SourceInfo> {
  const files = await sparkFiles(dir);
  const data = await readFooters(files);
  const layout = data[0].layout;
  const bytes = data.reduce((s, f) => s + f.bytes, 0);
  const common = { format: 'spark-ml' as const, exact: true, bytes, layout, ...(files.metadata.sparkVersion ? { sparkVersion: files.metadata.sparkVersion } : {}), files: [files.metadataFile, ...files.dataFiles] };
  let words: number;
  let dim: number;
  if (layout === 'single-row') {
    if (data.length !== 1 || data[0].rows !== 1) throw new VectorFileError(`data/: the wordIndex/wordVectors layout has one row in one file; found ${data.reduce((s, f) => s + f.rows, 0)} rows in ${data.length} files`);
    words = leafValues(data[0].meta, 'wordIndex', 'key');
    const values = leafValues(data[0].meta, 'wordVectors', 'element');
    dim = words > 0 ? values / words : 0;
    if (!Number.isInteger(dim)) throw new VectorFileError(`${rel(data[0].path)}: wordVectors has ${values} values, not a multiple of the ${words} words`);
  } else {
    words = data.reduce((s, f) => s + f.rows, 0);
    dim = await firstVectorLength(data);
  }
  if (files.metadata.vectorSize !== undefined && dim !== files.metadata.vectorSize) {
    throw new VectorFileError(`metadata says vectorSize ${files.metadata.vectorSize}, but the vectors in data/ have ${dim} values`);
  }
  if (files.metadata.numWords !== undefined && words !== files.metadata.numWords) {
    throw new VectorFileError(`metadata says numWords ${files.metadata.numWords}, but data/ holds ${words} words`);
  }
  return { ...common, words, dim, frequencyOrdered: layout === 'single-row' };
}

async function firstVectorLength(data: DataFile[]): Promise<number> {
  const f = data.find((d) => d.rows > 0);
  if (!f) throw new VectorFileError('data/: the Parquet files hold no words');
  const pf = await parquetFile(f.path);
  try {
    let len = 0;
    await parquetRead({ file: pf.file, metadata: f.meta, compressors, columns: ['vector'], rowStart: 0, rowEnd: 1, onComplete: (rows: unknown[][]) => {
      const v = rows[0]?.[0];
      len = Array.isArray(v) || ArrayBuffer.isView(v) ? (v as ArrayLike<unknown>).length : 0;
    } }).catch((e: unknown) => { throw unreadable(f.path, e); });
    return len;
  } finally {
    await pf.close();
  }
}

/** Flattens hyparquet's nested page values (a single row: [[[...values]]]) into one list. */
function flatInto(out: unknown[], v: unknown): void {
  if (Array.isArray(v)) for (const x of v) flatInto(out, x);
  else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<unknown>;
    for (let i = 0; i < a.length; i++) out.push(a[i]);
  }
  else out.push(v);
}

export async function readSpark(dir: string, info: SourceInfo, options: ReadOptions): Promise<ParsedVectors> {
  const files = await sparkFiles(dir);
  const data = await readFooters(files);
  const assembler = new SparkRowsAssembler(info.dim, info.words, options);
  let done = 0;
  const progress = (bytes: number) => {
    done += bytes;
    options.onProgress?.(Math.min(done, info.bytes), info.bytes, 'read');
  };
  for (const f of data) {
    if (assembler.done) break;
    const pf = await parquetFile(f.path);
    try {
      if (f.layout === 'single-row') {
        // Pages, not assembled rows: hyparquet turns a MAP into a plain object, where a word such as
        // "__proto__" would be lost; the key and value pages keep every entry, in order.
        const keys: unknown[] = [];
        const values: unknown[] = [];
        const vectors: unknown[] = [];
        await parquetRead({
          file: pf.file, metadata: f.meta, compressors, columns: ['wordIndex', 'wordVectors'],
          onPage: (page) => {
            const p = page.pathInSchema;
            const into = p[0] === 'wordIndex' ? (p[p.length - 1] === 'key' ? keys : values) : vectors;
            flatInto(into, page.columnData);
          },
        }).catch((e: unknown) => { throw unreadable(f.path, e); });
        if (keys.length !== values.length) throw new VectorFileError(`${rel(f.path)}: wordIndex has ${keys.length} words but ${values.length} row numbers`);
        assembler.addSingleRow(new Map(keys.map((k, i) => [String(k), values[i]])), vectors, rel(f.path));
        progress(f.bytes);
        continue;
      }
      let rowStart = 0;
      for (let g = 0; g < f.meta.row_groups.length; g++) {
        const rg = f.meta.row_groups[g];
        if (assembler.done) break;
        if (options.cancelled?.()) throw new LoadCancelledError();
        const rowEnd = rowStart + Number(rg.num_rows);
        const start = rowStart;
        const where = (i: number) => `${rel(f.path)}, row ${start + i}`;
        // the vectors straight into one Float32Array when the column allows (parquet-float-lists.ts)
        const flat = await readFloatLists(pf.file, f.meta, g, 'vector', assembler.dim, compressors).catch(() => undefined);
        await parquetRead({
          file: pf.file, metadata: f.meta, compressors, columns: flat ? ['word'] : ['word', 'vector'], rowStart: start, rowEnd,
          onComplete: (rows: unknown[][]) => {
            if (flat) assembler.addFlat(rows.map((r) => r[0]), flat, where);
            else assembler.add(rows.map((r) => r[0]), rows.map((r) => r[1]), where);
          },
        }).catch((e: unknown) => { throw unreadable(f.path, e); });
        progress(Number(rg.total_compressed_size ?? rg.total_byte_size));
        rowStart = rowEnd;
      }
    } finally {
      await pf.close();
    }
  }
  return assembler.result(options.maxWords !== undefined && options.maxWords < info.words ? undefined : info.words, `${basename(dir)}/data`);
}
