// Spark MLlib Word2VecModel folders through the streaming loader (engine/vector-files.ts, hyparquet), with
// fixtures written by another Parquet implementation (parquet-wasm, arrow-rs): both data layouts (Spark ML
// 2.2+ rows, Spark ML 1.6-2.1's single row), spark.mllib's, several part files and row groups, compression,
// maxWords, and malformed folders and Parquet files (each a VectorFileError that says what is wrong).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorFileError } from '../../../src/core/formats';
import { probeSource, readSource, resolveSource } from '../../../src/engine/vector-files';
import { seededRandom } from '../../../src/core/random';
import { rowsParquet, writeSparkModel, type SparkFixture } from '../../factories/spark-model';
import { readFloatLists } from '../../../src/engine/parquet-float-lists';
import { parquetMetadataAsync } from 'hyparquet';
import { gunzipSync } from 'node:zlib';

const dirs: string[] = [];
const temp = () => { const d = mkdtempSync(join(tmpdir(), 'el-spark-')); dirs.push(d); return d; };
test.after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function fixture(n: number, dim: number, seed = 5): { words: string[]; vectors: number[][] } {
  const r = seededRandom(seed);
  const words = Array.from({ length: n }, (_, i) => (i === 3 ? '__proto__' : i === 4 ? 'constructor' : `w${i}é`));
  const vectors = words.map(() => Array.from({ length: dim }, () => Math.fround(r() * 2 - 1)));
  return { words, vectors };
}

async function load(dir: string, maxWords?: number) {
  const src = await resolveSource(dir);
  assert.equal(src.kind, 'spark');
  const info = await probeSource(src);
  const { parsed } = await readSource(src, { info, ...(maxWords ? { maxWords } : {}) });
  return { info, parsed };
}

function asMap(words: readonly string[], data: Float32Array, dim: number): Map<string, number[]> {
  return new Map(words.map((w, i) => [w, Array.from(data.subarray(i * dim, (i + 1) * dim))]));
}

async function rejects(dir: string, re: RegExp): Promise<void> {
  await assert.rejects(() => load(dir), (e: unknown) => {
    assert.ok(e instanceof VectorFileError, `expected VectorFileError, got ${e instanceof Error ? e.stack : String(e)}`);
    assert.match(e.message, re);
    return true;
  });
}

test('Spark ML 2.2+ layout: words and vectors from every part file and row group, in file order', async () => {
  const { words, vectors } = fixture(300, 8);
  const dir = writeSparkModel(temp(), { words, vectors, layout: 'rows', parts: 3, rowGroup: 40 });
  assert.ok(readdirSync(join(dir, 'data')).filter((n) => n.endsWith('.parquet')).length === 3);
  const { info, parsed } = await load(dir);
  assert.equal(info.format, 'spark-ml');
  assert.equal(info.layout, 'rows');
  assert.equal(info.sparkVersion, '3.5.1');
  assert.equal(info.words, 300);
  assert.equal(info.dim, 8);
  assert.equal(info.frequencyOrdered, false, 'Spark ML rows are in no particular order');
  assert.deepEqual(parsed.words, words);
  assert.deepEqual(asMap(parsed.words, parsed.data, 8), new Map(words.map((w, i) => [w, vectors[i]])));
});

test('Spark ML 1.6-2.1 layout: one row of wordIndex and wordVectors, rows in index (frequency) order; maxWords keeps the first', async () => {
  const { words, vectors } = fixture(50, 5, 9);
  const dir = writeSparkModel(temp(), { words, vectors, layout: 'single-row', sparkVersion: '2.1.1' });
  const { info, parsed } = await load(dir);
  assert.equal(info.layout, 'single-row');
  assert.equal(info.words, 50);
  assert.equal(info.dim, 5);
  assert.equal(info.frequencyOrdered, true);
  assert.deepEqual(parsed.words, words, 'every word, "__proto__" included, in index order');
  assert.deepEqual(Array.from(parsed.data), vectors.flat());
  const first = await load(dir, 7);
  assert.deepEqual(first.parsed.words, words.slice(0, 7));
  assert.deepEqual(Array.from(first.parsed.data), vectors.slice(0, 7).flat());
});

test('spark.mllib (RDD API) models, gzip and uncompressed files, and a file picked inside the folder', async () => {
  const { words, vectors } = fixture(40, 3, 2);
  for (const compression of ['GZIP', 'UNCOMPRESSED', 'BROTLI'] as const) {
    const dir = writeSparkModel(temp(), { words, vectors, layout: 'rows', api: 'mllib', compression });
    const { parsed } = await load(dir);
    assert.deepEqual(parsed.words, words, compression);
    assert.deepEqual(Array.from(parsed.data), vectors.flat(), compression);
  }
  const dir = writeSparkModel(temp(), { words, vectors, layout: 'rows', parts: 2 });
  const inside = join(dir, 'data', readdirSync(join(dir, 'data')).find((n) => n.endsWith('.parquet'))!);
  assert.deepEqual(await resolveSource(inside), { kind: 'spark', path: dir });
  assert.deepEqual(await resolveSource(join(dir, 'metadata', 'part-00000')), { kind: 'spark', path: dir });
});

test('the fast list<float> path equals hyparquet\'s assembly: dictionary and PLAIN pages, page format v1 and v2', async () => {
  const { words, vectors } = fixture(500, 12, 8);
  for (const opts of [{}, { dictionary: false }, { pageV2: true }, { dictionary: false, pageV2: true, compression: 'GZIP' as const }]) {
    const dir = writeSparkModel(temp(), { words, vectors, layout: 'rows', rowGroup: 160, ...opts });
    const f = join(dir, 'data', readdirSync(join(dir, 'data')).find((n) => n.endsWith('.parquet'))!);
    const bytes = readFileSync(f);
    const ab = new Uint8Array(bytes).buffer as ArrayBuffer;
    const file = { byteLength: ab.byteLength, slice: (s: number, e?: number) => ab.slice(s, e) };
    const meta = await parquetMetadataAsync(file);
    assert.ok(meta.row_groups.length >= 3, 'several row groups');
    let row = 0;
    for (let g = 0; g < meta.row_groups.length; g++) {
      const n = Number(meta.row_groups[g].num_rows);
      const flat = await readFloatLists(file, meta, g, 'vector', 12, { GZIP: (x: Uint8Array) => new Uint8Array(gunzipSync(x)) });
      assert.ok(flat, `${JSON.stringify(opts)}: the fast path reads row group ${g}`);
      assert.deepEqual(Array.from(flat), vectors.slice(row, row + n).flat(), `${JSON.stringify(opts)}, row group ${g}`);
      row += n;
    }
    const { parsed } = await load(dir);
    assert.deepEqual(Array.from(parsed.data), vectors.flat(), JSON.stringify(opts));
  }
  // a null vector, a short one: the fast path declines (and the ordinary path names the row, below)
  for (const [ws, vs] of [[['a', 'b'], [[1, 2], null]], [['a', 'b'], [[1, 2], [3]]]] as [string[], (number[] | null)[]][]) {
    const b = rowsParquet(ws, vs);
    const ab = b.slice().buffer as ArrayBuffer;
    const file = { byteLength: ab.byteLength, slice: (s: number, e?: number) => ab.slice(s, e) };
    assert.equal(await readFloatLists(file, await parquetMetadataAsync(file), 0, 'vector', 2, {}), undefined);
  }
});

test('maxWords on the rows layout stops after N words (an arbitrary N: Spark ML does not keep frequency order)', async () => {
  const { words, vectors } = fixture(120, 4, 3);
  const dir = writeSparkModel(temp(), { words, vectors, layout: 'rows', parts: 2, rowGroup: 25 });
  const { parsed } = await load(dir, 70);
  assert.deepEqual(parsed.words, words.slice(0, 70));
  assert.deepEqual(Array.from(parsed.data), vectors.slice(0, 70).flat());
});

test('malformed Spark folders: clear errors naming the file', async () => {
  const { words, vectors } = fixture(20, 4, 4);
  const base = (f: Partial<SparkFixture> = {}) => writeSparkModel(temp(), { words, vectors, layout: 'rows', ...f });
  const dataFile = (dir: string) => join(dir, 'data', readdirSync(join(dir, 'data')).find((n) => n.endsWith('.parquet'))!);

  await assert.rejects(() => resolveSource(temp()), /not a Spark model folder/);
  let dir = base();
  writeFileSync(join(dir, 'metadata', 'part-00000'), '{"class":"org.apache.spark.ml.classification.LogisticRegressionModel"}\n');
  await rejects(dir, /metadata\/part-00000: the model is a org\.apache\.spark\.ml\.classification\.LogisticRegressionModel, not a Word2VecModel/);
  dir = base();
  writeFileSync(join(dir, 'metadata', 'part-00000'), 'not json\n');
  await rejects(dir, /metadata\/part-00000: not JSON/);
  dir = base();
  rmSync(join(dir, 'metadata', 'part-00000'));
  await rejects(dir, /no part-\* file \(the model's metadata is missing\)/);
  dir = base();
  for (const n of readdirSync(join(dir, 'data'))) rmSync(join(dir, 'data', n));
  await rejects(dir, /no \.parquet files \(the model's vectors are missing\)/);
  dir = base({ metadata: { paramMap: { vectorSize: 7 } } });
  await rejects(dir, /metadata says vectorSize 7, but the vectors in data\/ have 4 values/);

  // Parquet that is not Parquet, truncated, or corrupted inside a page
  dir = base();
  const f = dataFile(dir);
  const good = readFileSync(f);
  writeFileSync(f, Buffer.from('PAR2 this is not parquet at all PAR2'));
  await rejects(dir, /data\/part-00000-.*\.parquet: not a readable Parquet file/);
  writeFileSync(f, good.subarray(0, good.length - 9));
  await rejects(dir, /data\/part-00000-.*\.parquet: not a readable Parquet file/);
  writeFileSync(f, good.subarray(0, 3));
  await rejects(dir, /not a readable Parquet file/);
  const corrupt = Buffer.from(good);
  for (let i = 8; i < Math.min(corrupt.length - 200, 400); i++) corrupt[i] ^= 0x5a;
  writeFileSync(f, corrupt);
  await rejects(dir, /not a readable Parquet file|value \d+ is|has \d+ values|the word is/);

  // the wrong schema, missing values, wrong lengths, duplicates, non-finite values
  const schemaCase = async (bytes: Uint8Array, re: RegExp) => {
    const d = base();
    writeFileSync(dataFile(d), bytes);
    await rejects(d, re);
  };
  const arrowTable = rowsParquet(['a'], [[1, 2, 3, 4]]);
  assert.ok(arrowTable.length > 0);
  await schemaCase(rowsParquet(['a', null], [[1, 2, 3, 4], [1, 2, 3, 4]]), /row 1: the word is missing/);
  await schemaCase(rowsParquet(['a', 'b'], [[1, 2, 3, 4], null]), /row 1: word "b" has no vector \(missing\)/);
  await schemaCase(rowsParquet(['a', 'b'], [[1, 2, 3, 4], [1, 2, 3]]), /row 1: word "b" has 3 values, expected 4/);
  await schemaCase(rowsParquet(['a', 'a'], [[1, 2, 3, 4], [1, 2, 3, 4]]), /row 1: duplicate word "a" \(first at data\/part-00000-.*, row 0\)/);
  await schemaCase(rowsParquet(['a', 'b'], [[1, 2, 3, 4], [1, Number.NaN, 3, 4]]), /row 1: word "b": value 2 is NaN/);
  await schemaCase(rowsParquet(['a', ''], [[1, 2, 3, 4], [1, 2, 3, 4]]), /row 1: the word is empty/);
  {
    const arrow = require('apache-arrow') as typeof import('apache-arrow');
    const pw = require('parquet-wasm') as typeof import('parquet-wasm');
    const t = new arrow.Table({ token: arrow.vectorFromArray(['a'], new arrow.Utf8()), embedding: arrow.vectorFromArray([1], new arrow.Float32()) });
    await schemaCase(pw.writeParquet(pw.Table.fromIPCStream(arrow.tableToIPC(t, 'stream'))), /expected the columns "word" and "vector" \(Spark 2\.2 and later\) or "wordIndex" and "wordVectors" \(Spark 1\.6 to 2\.1\); found "token", "embedding"/);
  }
  // a codec hyparquet cannot read gets a message that says which and what to do
  dir = base({ compression: 'ZSTD' });
  await rejects(dir, /compressed with ZSTD, which Embedding Lens cannot read .*spark\.sql\.parquet\.compression\.codec=snappy/);
  // the single-row layout with a broken index
  const single = writeSparkModel(temp(), { words: ['a', 'b'], vectors: [[1, 2], [3, 4]], layout: 'single-row' });
  const { words: w2, vectors: v2 } = { words: ['a', 'b', 'c'], vectors: [[1, 2], [3, 4]] };
  writeSparkModel(single, { words: w2, vectors: v2, layout: 'single-row' });
  await rejects(single, /wordVectors has 4 values, not a multiple of the 3 words|wordVectors has 4 values, but 3 words/);
});
