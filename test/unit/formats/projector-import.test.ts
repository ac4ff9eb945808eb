// TensorFlow Projector TSV import: vectors.tsv with its metadata.tsv (one column without a header, or a
// header row and several columns, the label column chosen), repeated labels numbered, every chunk boundary,
// maxWords, and malformed files (VectorFileErrors naming the file and the line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorFileError, writeProjectorTsv } from '../../../src/core/formats';
import { metadataColumns, parseProjectorMetadata, ProjectorVectorsReader } from '../../../src/core/formats/projector-read';
import { Embeddings } from '../../../src/core/vectors';
import { probeSource, readSource, resolveSource } from '../../../src/engine/vector-files';

const enc = new TextEncoder();
const dirs: string[] = [];
const temp = () => { const d = mkdtempSync(join(tmpdir(), 'el-tsv-')); dirs.push(d); return d; };
test.after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function files(vectors: string | Uint8Array, metadata?: string | Uint8Array, names = ['vectors.tsv', 'metadata.tsv']): string {
  const d = temp();
  writeFileSync(join(d, names[0]), vectors);
  if (metadata !== undefined) writeFileSync(join(d, names[1]), metadata);
  return join(d, names[0]);
}

async function load(path: string, opts: { labelColumn?: number | string; header?: boolean; maxWords?: number } = {}) {
  const src = await resolveSource(path);
  assert.equal(src.kind, 'projector', `${path} is read as Projector TSV`);
  const full = { ...src, ...(opts.labelColumn !== undefined ? { labelColumn: opts.labelColumn } : {}), ...(opts.header !== undefined ? { header: opts.header } : {}) };
  const info = await probeSource(full);
  const read = await readSource(full, { info, ...(opts.maxWords ? { maxWords: opts.maxWords } : {}) });
  return { ...read, info: read.info };
}

async function rejects(p: Promise<unknown>, re: RegExp): Promise<VectorFileError> {
  let caught: unknown;
  await p.catch((e: unknown) => { caught = e; });
  assert.ok(caught instanceof VectorFileError, `expected VectorFileError, got ${caught instanceof Error ? caught.stack : String(caught)}`);
  assert.match(caught.message, re);
  return caught;
}

test('our own Projector export reads back: metadata.tsv found beside vectors.tsv, exact float32 values', async () => {
  const data = Float32Array.from({ length: 5 * 3 }, (_, i) => Math.fround(Math.sin(i) * 1e-3 * (i + 1)));
  const emb = new Embeddings(['the', 'café', 'привет', "don't", 'x'], 3, data);
  const { vectors, metadata } = writeProjectorTsv(emb);
  const { info, parsed } = await load(files(vectors, metadata));
  assert.equal(info.format, 'projector-tsv');
  assert.equal(info.words, 5);
  assert.equal(info.dim, 3);
  assert.equal(info.header, false);
  assert.deepEqual(parsed.words, emb.words);
  assert.deepEqual(parsed.data, data);
  // our exporter's "<name>-metadata.tsv" naming is found too
  const p = files(vectors, metadata, ['bank.tsv', 'bank-metadata.tsv']);
  assert.deepEqual((await load(p)).parsed.words, emb.words);
});

test('a metadata file with a header row and several columns: the chosen column labels the rows; repeats are numbered', async () => {
  // contextual embeddings: one row per occurrence of a word
  const meta = 'token\tsentence\tposition\nbank\t0\t3\nriver\t0\t5\nbank\t1\t2\nbank#2\t2\t0\nmoney\t1\t6\n';
  const vec = '1\t0\n0.9\t0.1\n0\t1\n0.5\t0.5\n0.1\t0.9\n';
  const path = files(vec, meta);
  const { info, parsed, renamed } = await load(path, { labelColumn: 'token' });
  assert.deepEqual(info.columns, ['token', 'sentence', 'position']);
  assert.equal(info.header, true);
  assert.equal(info.words, 5);
  assert.deepEqual(parsed.words, ['bank', 'river', 'bank#3', 'bank#2', 'money'], 'the file\'s own "bank#2" is kept; the repeat gets #3');
  assert.equal(renamed, 1);
  const bySentence = await load(path, { labelColumn: 1 });
  assert.deepEqual(bySentence.parsed.words, ['0', '0#2', '1', '2', '1#2']);
  await rejects(load(path, { labelColumn: 'lemma' }), /line 1 of metadata\.tsv: no column "lemma" \(the header names "token", "sentence", "position"\)/);
  assert.deepEqual(metadataColumns(enc.encode(meta)), { columns: ['token', 'sentence', 'position'], header: true, rows: 5 });
});

test('one column: no header row (the Projector\'s rule) unless asked; one line too many says so', async () => {
  const vec = '1\t2\n3\t4\n';
  assert.deepEqual((await load(files(vec, 'a\nb\n'))).parsed.words, ['a', 'b']);
  await rejects(load(files(vec, 'word\na\nb\n')), /^line 2 of vectors\.tsv: 2 rows, but metadata\.tsv has 3 labels \(if its first line is a header row, load it as one: "word"\)/);
  const withHeader = await load(files(vec, 'word\na\nb\n'), { header: true });
  assert.deepEqual(withHeader.parsed.words, ['a', 'b']);
  assert.deepEqual(withHeader.info.columns, ['word']);
  // CRLF, a BOM, a trailing blank line and labels with spaces
  assert.deepEqual((await load(files('\uFEFF1\t2\r\n3\t4\r\n', '\uFEFFNew York\r\nSan José\r\n\r\n'))).parsed.words, ['New York', 'San José']);
});

test('vectors.tsv at every chunk boundary, and maxWords', () => {
  const rows = Array.from({ length: 9 }, (_, i) => [i, -(i + 1) / 4, i * 1e-3]);
  const bytes = enc.encode(`${rows.map((r) => r.join('\t')).join('\n')}\n`);
  const labels = rows.map((_, i) => `l${i}`);
  const want = { words: labels, dim: 3, data: Float32Array.from(rows.flat()) };
  const read = (chunks: Uint8Array[], maxWords?: number) => {
    const r = new ProjectorVectorsReader({ totalBytes: bytes.length, labels, windowBytes: 16, ...(maxWords ? { maxWords } : {}) });
    for (const c of chunks) if (!r.done) r.push(c);
    return r.end();
  };
  for (let cut = 0; cut <= bytes.length; cut++) {
    assert.deepEqual(read([bytes.subarray(0, cut), bytes.subarray(cut)]), want, `cut at ${cut}`);
  }
  assert.deepEqual(read([bytes], 4), { words: labels.slice(0, 4), dim: 3, data: Float32Array.from(rows.slice(0, 4).flat()) });
});

test('malformed Projector files: the file and the line are named', async () => {
  await rejects(load(files('1\t2\n3\tx\n', 'a\nb\n')), /^line 2 of vectors\.tsv: value 2 "x" is not a finite number/);
  await rejects(load(files('1\t2\n3\t4\t5\n', 'a\nb\n')), /^line 2 of vectors\.tsv: 3 values, but the first row has 2/);
  await rejects(load(files('1\t2\n3\t4\n5\t6\n', 'a\nb\n')), /^line 3 of vectors\.tsv: more rows than the 2 labels of metadata\.tsv/);
  await rejects(load(files('1\t2\n', 'a\nb\n')), /^line 1 of vectors\.tsv: 1 rows, but metadata\.tsv has 2 labels/);
  await rejects(load(files('1\t1e39\n', 'a\n')), /^line 1 of vectors\.tsv: value 2 "1e39" is out of the float32 range/);
  await rejects(load(files('1\t\t2\n', 'a\n')), /^line 1 of vectors\.tsv: value 2 "" is not a finite number/);
  await rejects(load(files('1\t2\n3\t4\n', 'w\tpos\na\tN\n\tV\n'), { labelColumn: 0 }), /^line 3 of metadata\.tsv: empty label in column "w"/);
  await rejects(load(files('1\t2\n3\t4\n', 'w\tpos\na\tN\nb\n')), /^line 3 of metadata\.tsv: 1 columns, but the header row has 2/);
  await rejects(load(files('1\t2\n', Uint8Array.from([0x61, 0xff, 0x0a]))), /^line 1 of metadata\.tsv: invalid UTF-8 at byte offset 1/);
  await rejects(load(files(Uint8Array.from([0x31, 0x09, 0x32, 0x0a, 0x31, 0x09, 0xc3, 0x0a]), 'a\nb\n')), /^line 2 of vectors\.tsv: invalid UTF-8 at byte offset 6/);
  const e = await rejects(load(files('1\t2\n3\tx\n', 'a\nb\n')), /line 2/);
  assert.equal(e.line, 2);
  assert.throws(() => parseProjectorMetadata(enc.encode('')), /line 1 of metadata\.tsv: empty file/);
  // no metadata.tsv: resolveSource says so (the command then asks for it, the CLI wants --metadata)
  const lonely = files('1\t2\n');
  assert.deepEqual(await resolveSource(lonely), { kind: 'projector', path: lonely, metadataPath: '', metadataMissing: true });
});
