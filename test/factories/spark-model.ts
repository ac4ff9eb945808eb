// Spark MLlib Word2VecModel folders for tests, written the way Spark writes them (metadata/part-00000 with a
// _SUCCESS marker and .crc files; data/part-*.snappy.parquet), with parquet-wasm (arrow-rs): a Parquet writer
// other than the hyparquet reader under test, so the reader is not tested against itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const arrow = require('apache-arrow') as typeof import('apache-arrow');
const pw = require('parquet-wasm') as typeof import('parquet-wasm');

export interface SparkFixture {
  words: string[];
  /** rows × dim */
  vectors: number[][];
  /** 'rows' (Spark ML ≥ 2.2, spark.mllib) or 'single-row' (Spark ML 1.6–2.1) */
  layout: 'rows' | 'single-row';
  sparkVersion?: string;
  api?: 'ml' | 'mllib';
  /** data files for the rows layout (Spark repartitions: words split over part files) */
  parts?: number;
  /** rows per row group */
  rowGroup?: number;
  compression?: 'SNAPPY' | 'GZIP' | 'UNCOMPRESSED' | 'ZSTD' | 'BROTLI';
  /** metadata overrides (e.g. a wrong vectorSize) */
  metadata?: Record<string, unknown>;
  /** dictionary encoding (arrow-rs's default, as parquet-mr's) or PLAIN values */
  dictionary?: boolean;
  /** data page format version 2 */
  pageV2?: boolean;
}

function props(f: SparkFixture) {
  let b = new pw.WriterPropertiesBuilder().setCompression(pw.Compression[f.compression ?? 'SNAPPY']);
  if (f.rowGroup) b = b.setMaxRowGroupSize(f.rowGroup);
  if (f.dictionary === false) b = b.setDictionaryEnabled(false);
  if (f.pageV2) b = b.setWriterVersion(pw.WriterVersion.V2);
  b = b.setDataPageSizeLimit(16 << 10); // several pages per column chunk: rows cross page boundaries
  return b.build();
}

function parquet(table: import('apache-arrow').Table, f: SparkFixture): Uint8Array {
  return pw.writeParquet(pw.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), props(f));
}

const vectorType = () => new arrow.List(new arrow.Field('element', new arrow.Float32(), false));

/** rows × dim floats as an Arrow list<float> column, built from one flat array (vectorFromArray is slow). */
function listColumn(vectors: number[][]): import('apache-arrow').Vector {
  const dim = vectors[0]?.length ?? 0;
  const flat = new Float32Array(vectors.length * dim);
  vectors.forEach((v, i) => flat.set(v, i * dim));
  const offsets = Int32Array.from({ length: vectors.length + 1 }, (_, i) => i * dim);
  const type = vectorType();
  const child = arrow.makeData({ type: new arrow.Float32(), length: flat.length, data: flat });
  return arrow.makeVector(arrow.makeData({ type, length: vectors.length, nullCount: 0, valueOffsets: offsets, child }));
}

/** Parquet bytes of the rows layout: word (string), vector (array<float>). */
export function rowsParquet(words: (string | null)[], vectors: (number[] | null)[], f: Partial<SparkFixture> = {}): Uint8Array {
  const table = new arrow.Table({
    word: arrow.vectorFromArray(words, new arrow.Utf8()),
    vector: arrow.vectorFromArray(vectors, new arrow.List(new arrow.Field('element', new arrow.Float32(), true))),
  });
  return parquet(table, { words: [], vectors: [], layout: 'rows', ...f });
}

export function writeSparkModel(dir: string, f: SparkFixture): string {
  const dim = f.vectors[0]?.length ?? 0;
  mkdirSync(join(dir, 'metadata'), { recursive: true });
  mkdirSync(join(dir, 'data'), { recursive: true });
  const api = f.api ?? 'ml';
  const meta = api === 'mllib'
    ? { class: 'org.apache.spark.mllib.feature.Word2VecModel', version: '1.0', vectorSize: dim, numWords: f.words.length, ...f.metadata }
    : {
      class: 'org.apache.spark.ml.feature.Word2VecModel', timestamp: 1700000000000, sparkVersion: f.sparkVersion ?? (f.layout === 'single-row' ? '2.1.1' : '3.5.1'),
      uid: 'Word2Vec_4d1f0c2a9b7e', paramMap: { inputCol: 'tokens', outputCol: 'vector', vectorSize: dim, minCount: 1 },
      defaultParamMap: { vectorSize: 100, windowSize: 5, numPartitions: 1, stepSize: 0.025, maxIter: 1, seed: -1961189076, minCount: 5, maxSentenceLength: 1000 },
      ...f.metadata,
    };
  writeFileSync(join(dir, 'metadata', 'part-00000'), `${JSON.stringify(meta)}\n`);
  writeFileSync(join(dir, 'metadata', '.part-00000.crc'), 'crc');
  writeFileSync(join(dir, 'metadata', '_SUCCESS'), '');
  writeFileSync(join(dir, 'data', '_SUCCESS'), '');
  const ext = (f.compression ?? 'SNAPPY').toLowerCase();
  if (f.layout === 'single-row') {
    const index = new Map(f.words.map((w, i) => [w, i] as [string, number]));
    const entries = new arrow.Struct<{ key: import('apache-arrow').Utf8; value: import('apache-arrow').Int32 }>([
      new arrow.Field('key', new arrow.Utf8(), false), new arrow.Field('value', new arrow.Int32(), false)]);
    const mapType = new arrow.Map_<import('apache-arrow').Utf8, import('apache-arrow').Int32>(new arrow.Field('key_value', entries, false));
    const table = new arrow.Table({
      wordIndex: arrow.vectorFromArray([index], mapType),
      wordVectors: arrow.vectorFromArray([f.vectors.flat()], vectorType()),
    });
    writeFileSync(join(dir, 'data', `part-00000-8b1d3c62-0e1a-4c0e-9f4e-1f2a3b4c5d6e-c000.${ext}.parquet`), parquet(table, f));
    return dir;
  }
  const parts = f.parts ?? 1;
  const per = Math.ceil(f.words.length / parts);
  for (let p = 0; p < parts; p++) {
    const words = f.words.slice(p * per, (p + 1) * per);
    const vectors = f.vectors.slice(p * per, (p + 1) * per);
    const table = new arrow.Table({ word: arrow.vectorFromArray(words, new arrow.Utf8()), vector: listColumn(vectors) });
    writeFileSync(join(dir, 'data', `part-${String(p).padStart(5, '0')}-8b1d3c62-0e1a-4c0e-9f4e-1f2a3b4c5d6e-c000.${ext}.parquet`), parquet(table, f));
    writeFileSync(join(dir, 'data', `.part-${String(p).padStart(5, '0')}-8b1d3c62-0e1a-4c0e-9f4e-1f2a3b4c5d6e-c000.${ext}.parquet.crc`), 'crc');
  }
  return dir;
}
