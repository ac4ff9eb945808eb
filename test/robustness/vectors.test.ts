// Bad vector files through readVectors (every format, auto-detected), and hostile queries.
// Every failure is a VectorFileError naming a line or byte offset; nothing else may escape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readVectors, VectorFileError, writeWord2vecBinary, writeWord2vecText } from '../../src/core/formats';
import { Embeddings, OutOfVocabularyError } from '../../src/core/vectors';
import { analogy, nearest, oddOneOut, QueryError, similarity } from '../../src/core/query';
import { runCli, tempFolder } from '../factories/robustness';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const enc = new TextEncoder();
const text = (s: string) => enc.encode(s);

function sample(n = 12, dim = 5): Embeddings {
  const words = Array.from({ length: n }, (_, i) => `word${i}`);
  const data = new Float32Array(n * dim);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 1.7) * (1 + (i % 3));
  return new Embeddings(words, dim, data);
}

function rejects(bytes: Uint8Array, message: RegExp, format?: Parameters<typeof readVectors>[1]): VectorFileError {
  let caught: unknown;
  try {
    readVectors(bytes, format);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof VectorFileError, `expected VectorFileError, got ${caught instanceof Error ? caught.stack : String(caught)}`);
  assert.match(caught.message, message);
  assert.ok(caught.line !== undefined || caught.offset !== undefined, 'names a line or an offset');
  assert.match(caught.message, /^(line \d+|byte offset \d+): /);
  return caught;
}

test('truncated binary: every cut point gives a VectorFileError (or the complete file)', () => {
  const emb = sample();
  const bytes = writeWord2vecBinary(emb);
  let refused = 0;
  for (let cut = 0; cut < bytes.length; cut++) {
    const part = bytes.subarray(0, cut);
    try {
      const back = readVectors(part, 'word2vec-binary');
      // only dropping the final newline leaves a complete file
      assert.equal(cut, bytes.length - 1);
      assert.deepEqual(back.data, emb.data);
    } catch (e) {
      assert.ok(e instanceof VectorFileError, `cut at ${cut}: ${(e as Error).stack}`);
      refused++;
    }
  }
  assert.equal(refused, bytes.length - 1);
  // and through auto-detection, every cut also fails cleanly (some cuts look like text: still a VectorFileError)
  for (let cut = 0; cut < bytes.length - 1; cut++) assert.throws(() => readVectors(bytes.subarray(0, cut)), VectorFileError);
  console.log(`# truncated binary: ${bytes.length * 2} cut points tried`);
});

test('headers that lie about the count or the dimension', () => {
  const t = new TextDecoder().decode(writeWord2vecText(sample(3, 4))).split('\n').slice(1).join('\n');
  rejects(text(`5 4\n${t}`), /header announces 5 words|announces 5 words but the file has 3/);
  rejects(text(`2 4\n${t}`), /line 4: more rows than the 2 the header announces/);
  rejects(text(`3 5\n${t}`), /line 2: word "word0" has 4 values, expected 5/);
  rejects(text(`3 3\n${t}`), /line 2: word "word0" has 4 values, expected 3/);
  const bin = writeWord2vecBinary(sample(3, 4));
  const body = bin.subarray(bin.indexOf(0x0a) + 1);
  const withHeader = (h: string) => new Uint8Array([...text(h), ...body]);
  rejects(withHeader('9 4\n'), /header announces 9 words/, 'word2vec-binary');
  rejects(withHeader('2 4\n'), /data after the 2 words/, 'word2vec-binary');
  rejects(withHeader('3 5\n'), /byte offset \d+: (truncated|control byte|header announces|duplicate|invalid UTF-8)/, 'word2vec-binary');
  rejects(withHeader('3 3\n'), /byte offset \d+: /, 'word2vec-binary');
  rejects(withHeader('3 0\n'), /dimension 0 in the header is out of range/, 'word2vec-binary');
});

test('rows of the wrong length name the line and the word', () => {
  rejects(text('3 2\na 0.125 0.25\nb 0.5\nc 0.75 1.5\n'), /line 3: word "b" has 1 values, expected 2/);
  rejects(text('a 1 2\nb 1 2 3\n'), /line 2: word "b" has 3 values, expected 2/);
  rejects(text('a 1 2\nb\n'), /line 2: word "b" has 0 values/);
  rejects(text('a\n'), /no vector values/);
});

test('NaN and Infinity are refused in text and binary', () => {
  for (const v of ['nan', 'NaN', 'inf', '-inf', 'Infinity', '-Infinity', '1e999', '0x', 'abc', '1,5']) {
    rejects(text(`2 2\na 1 2\nb 1 ${v}\n`), /line 3: word "b": value 2 .* is not a finite number/);
  }
  rejects(text('2 2\na 1 2\nb 1 1e39\n'), /line 3: word "b": value 2 "1e39" is out of the float32 range/);
  rejects(text('a -3.5e38 1\n'), /out of the float32 range/);
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    const emb = new Embeddings(['a', 'b'], 2, new Float32Array([1, 2, 3, bad]));
    const bytes = writeWord2vecBinary(emb);
    rejects(bytes, new RegExp(`word "b": value 2 is ${bad}`), 'word2vec-binary');
  }
});

test('duplicate words are refused (text, headerless, binary)', () => {
  rejects(text('3 1\na 1\nb 2\na 3\n'), /line 4: duplicate word "a" \(first on line 2\)/);
  rejects(text('a 1\nb 2\na 3\n'), /line 3: duplicate word "a"/);
  const bin = new Uint8Array([...text('2 1\na '), 0, 0, 128, 63, 0x0a, ...text('a '), 0, 0, 0, 64, 0x0a]);
  rejects(bin, /duplicate word "a"/, 'word2vec-binary');
});

test('a zero vector: cosines are 0, never NaN, in every query', () => {
  const emb = readVectors(text('4 3\nzero 0 0 0\nx 1 0 0\ny 0.9 0.1 0\nz 0 0 1\n'));
  const n = nearest(emb, 'zero', 10);
  assert.equal(n.length, 3);
  for (const r of n) assert.equal(r.similarity, 0);
  for (const r of nearest(emb, 'x', 10)) assert.ok(Number.isFinite(r.similarity), JSON.stringify(r));
  assert.equal(similarity(emb, 'zero', 'x'), 0);
  assert.equal(similarity(emb, 'zero', 'zero'), 0);
  for (const method of ['add', 'mul'] as const) {
    for (const r of analogy(emb, 'zero', 'x', 'y', { method })) assert.ok(Number.isFinite(r.similarity));
    for (const r of analogy(emb, 'zero', 'zero', 'zero', { method })) assert.ok(Number.isFinite(r.similarity));
  }
  const odd = oddOneOut(emb, ['zero', 'x', 'y']);
  for (const s of odd.scores) assert.ok(Number.isFinite(s.similarity));
  // all-zero model
  const allZero = new Embeddings(['a', 'b'], 2, new Float32Array(4));
  assert.deepEqual(nearest(allZero, 'a'), [{ word: 'b', similarity: 0 }]);
});

test('empty files, BOM-only, whitespace-only', () => {
  for (const bytes of [new Uint8Array(0), text('\n\n\n'), text('   \r\n\t'), new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0xef, 0xbb, 0xbf, 0x0a])]) {
    rejects(bytes, /empty file/);
  }
  rejects(new Uint8Array(0), /empty file/, 'word2vec-binary');
  // a header announcing no words is a valid, empty model (the extension refuses to load it: "holds no vectors")
  assert.equal(readVectors(text('0 3\n')).size, 0);
});

test('huge dimension or count: refused fast, before allocating', () => {
  const cases: [Uint8Array, Parameters<typeof readVectors>[1]][] = [
    [text('1 2000000000\na 1\n'), 'auto'],
    [text('1 10001\na 1\n'), 'auto'],
    [text('100000000 10000\na 1\n'), 'auto'],
    [text('9007199254740993 3\na 1 2 3\n'), 'auto'],
    [new Uint8Array([...text('1 2000000000\na '), 1, 2, 3, 4]), 'word2vec-binary'],
    [new Uint8Array([...text('4000000000 1000\na '), 1, 2, 3, 4]), 'word2vec-binary'],
    [text(`a ${'1 '.repeat(10001)}\n`), 'auto'],
  ];
  global.gc?.();
  const before = process.memoryUsage();
  for (const [bytes, format] of cases) rejects(bytes, /out of range|header announces|more than the file|follow/, format);
  const after = process.memoryUsage();
  const grew = (after.rss - before.rss) + (after.arrayBuffers - before.arrayBuffers);
  assert.ok(grew < 64 << 20, `memory grew by ${(grew / 2 ** 20).toFixed(1)} MB`);
  console.log(`# huge headers: ${cases.length} refused; rss+arrayBuffers delta ${(grew / 2 ** 20).toFixed(1)} MB`);
});

test('BOM and CRLF are tolerated and never leak into words or values', () => {
  const base = '3 2\r\nalpha 1 2\r\nbeta 3 4\r\ngamma 5 6\r\n';
  for (const bytes of [text(base), new Uint8Array([0xef, 0xbb, 0xbf, ...text(base)]), text(base.replace(/ (?=\d)/g, ' ').replace(/\r\n/g, ' \r\n'))]) {
    const emb = readVectors(bytes);
    assert.deepEqual([...emb.words], ['alpha', 'beta', 'gamma']);
    assert.deepEqual([...emb.data], [1, 2, 3, 4, 5, 6]);
  }
  const headerless = readVectors(new Uint8Array([0xef, 0xbb, 0xbf, ...text('alpha 1 2\r\nbeta 3 4\r\n')]));
  assert.deepEqual([...headerless.words], ['alpha', 'beta']);
  // binary with CRLF between records
  const bin = new Uint8Array([...text('2 1\r\na '), 0, 0, 128, 63, 0x0d, 0x0a, ...text('b '), 0, 0, 0, 64, 0x0d, 0x0a]);
  const b = readVectors(bin, 'word2vec-binary');
  assert.deepEqual([...b.words], ['a', 'b']);
  assert.deepEqual([...b.data], [1, 2]);
});

test('queries: OOV, empty string, same word three times, k larger than the vocabulary, odd k', () => {
  const emb = sample(6, 4);
  assert.throws(() => nearest(emb, 'nope'), (e: Error) => e instanceof OutOfVocabularyError && /"nope" is not in the vocabulary/.test(e.message));
  assert.throws(() => analogy(emb, 'word0', 'nope', 'word1'), OutOfVocabularyError);
  for (const empty of ['', ' ', '\t\n']) {
    assert.throws(() => nearest(emb, empty), (e: Error) => e instanceof QueryError && /Empty word/.test(e.message));
    assert.throws(() => similarity(emb, 'word0', empty), QueryError);
    assert.throws(() => analogy(emb, empty, 'word0', 'word1'), QueryError);
  }
  for (const method of ['add', 'mul'] as const) {
    const same = analogy(emb, 'word2', 'word2', 'word2', { method, k: 10 });
    assert.equal(same.length, 5);
    assert.ok(!same.some((r) => r.word === 'word2'));
    for (const r of same) assert.ok(Number.isFinite(r.similarity));
  }
  assert.equal(nearest(emb, 'word0', 1000).length, 5);
  assert.equal(nearest(emb, 'word0', Number.POSITIVE_INFINITY).length, 5);
  assert.deepEqual(nearest(emb, 'word0', 0), []);
  assert.deepEqual(nearest(emb, 'word0', -3), []);
  assert.deepEqual(nearest(emb, 'word0', Number.NaN), []);
  assert.equal(nearest(emb, 'word0', 2.7).length, 2);
  assert.throws(() => oddOneOut(emb, ['word0']), QueryError);
  const single = new Embeddings(['only'], 2, new Float32Array([1, 1]));
  assert.deepEqual(nearest(single, 'only', 10), []);
  assert.deepEqual(analogy(single, 'only', 'only', 'only'), []);
});

test('CLI: bad vector files and bad queries are one-line errors (exit 2)', async () => {
  const dir = tempFolder('el-robust-vec-');
  const write = (name: string, data: Uint8Array | string) => { const p = path.join(dir, name); writeFileSync(p, data); return p; };
  const good = write('good.vec', writeWord2vecText(sample(6, 4)));
  const cases: [string[], RegExp][] = [
    [['neighbours', write('empty.vec', ''), 'a'], /line 1: empty file/],
    [['neighbours', write('nan.vec', '2 2\na 1 2\nb nan 1\n'), 'a'], /line 3: word "b": value 1 "nan" is not a finite number/],
    [['neighbours', write('huge.vec', '1 99999999\na 1\n'), 'a'], /dimension 99999999 in the header is out of range/],
    [['neighbours', write('trunc.bin', writeWord2vecBinary(sample(6, 4)).subarray(0, 40)), 'a'], /truncated|header announces 6 words .* but only 36 bytes follow/],
    [['neighbours', good, 'nope'], /"nope" is not in the vocabulary/],
    [['analogy', good, 'word0', ' ', 'word1'], /Empty word/],
    [['neighbours', good, 'word0', '-k', '0'], /-k must be an integer from 1/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  }
  const ok = await runCli(['analogy', good, 'word1', 'word1', 'word1', '-k', '100']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.trim().split('\n').length, 5);
});
