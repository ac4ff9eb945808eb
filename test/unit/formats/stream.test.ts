// The streaming readers (core/formats/stream.ts) against today's in-memory readers (readVectors): for every
// test file, cut at every byte offset (two chunks), and in 1-byte chunks, through windows of a few bytes
// (so the window's own boundaries fall everywhere too), the result is the same, or the same error: message,
// line and byte offset. Test files: every format, the malformed inputs of the format tests, and seeded
// random mutations of valid files (several defects at once, in any order).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readVectors, VectorFileError, writeHeaderlessText, writeWord2vecBinary, writeWord2vecText, type VectorFormat } from '../../../src/core/formats';
import { readVectorChunks } from '../../../src/core/formats/stream-readers';
import { Embeddings } from '../../../src/core/vectors';
import { seededRandom } from '../../../src/core/random';

const enc = new TextEncoder();
const text = (s: string) => enc.encode(s);

function sample(): Embeddings {
  const words = ['the', 'café', 'привет', "don't", 'state-of-the-art', '𝐀', 'x'];
  const dim = 4;
  const data = new Float32Array(words.length * dim);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 1.37) * 10 ** ((i % 5) - 2);
  data[2] = 0;
  return new Embeddings(words, dim, data);
}

function binary(header: string, records: [string | number[], number[]][], sep = [0x0a]): Uint8Array {
  const out: number[] = [...text(header)];
  for (const [w, v] of records) out.push(...(typeof w === 'string' ? text(w) : w), 0x20, ...new Uint8Array(Float32Array.from(v).buffer), ...sep);
  return Uint8Array.from(out);
}

type Outcome = { ok: true; words: string[]; dim: number; data: number[] } | { ok: false; name: string; message: string; line?: number; offset?: number };

function outcome(f: () => { words: readonly string[]; dim: number; data: Float32Array }): Outcome {
  try {
    const r = f();
    return { ok: true, words: [...r.words], dim: r.dim, data: Array.from(r.data) };
  } catch (e) {
    if (!(e instanceof VectorFileError)) throw e;
    return { ok: false, name: e.name, message: e.message, line: e.line, offset: e.offset };
  }
}

const oracle = (bytes: Uint8Array, format: VectorFormat | 'auto') => outcome(() => readVectors(bytes, format));
const streamed = (chunks: Uint8Array[], total: number, format: VectorFormat | 'auto', windowBytes: number, extra = {}) =>
  outcome(() => readVectorChunks(chunks, format, { totalBytes: total, windowBytes, ...extra }));

const e = sample();
const valid: [string, Uint8Array][] = [
  ['word2vec text', writeWord2vecText(e)],
  ['word2vec binary', writeWord2vecBinary(e)],
  ['headerless text', writeHeaderlessText(e)],
  ['fastText .vec with BOM, CRLF, trailing spaces', text('\uFEFF2 3\r\nthe 0.1 -0.2 3e-2 \r\nof 1 2 3 \r\n')],
  ['headerless, no final newline, blank lines', text('\n\nx 1 2\r\n\n  y 3 4')],
  ['binary without newlines after vectors', binary('2 2\n', [['a', [1, 2]], ['b', [3, 4]]], [])],
  ['binary with BOM and spaces between records', Uint8Array.from([0xef, 0xbb, 0xbf, ...binary('2 2\n', [['a', [1, 2]], ['bb', [3, 4]]], [0x20, 0x0d, 0x0a, 0x09])])],
  ['zero-word text file', text('0 3\n')],
  ['zero-word text file without newline', text('0 3')],
  ['zero-word binary file', text('0 3\n\n')],
  ['a line starting with U+FEFF (decoders drop it)', text('2 1\n\uFEFFa 1\nb 2\n')],
];

const malformed: [string, Uint8Array][] = [
  ['empty', new Uint8Array(0)],
  ['whitespace only', text(' \r\n\n\t ')],
  ['BOM only', Uint8Array.from([0xef, 0xbb, 0xbf])],
  ['BOM and blanks', Uint8Array.from([0xef, 0xbb, 0xbf, 0x20, 0x0a, 0x20])],
  ['partial BOM', Uint8Array.from([0xef, 0xbb])],
  ['blank header line, then rows', text('   \na 1 2\n')],
  ['long blank first line', text(' '.repeat(100) + '\n' + ' '.repeat(10))],
  ['NBSP header', text('\u00a0\na 1 2\n')],
  ['header lying about the count (fewer)', text('3 2\nalpha 1.5 2.5\nbeta 3.5 4.5\n')],
  ['header lying about the count (room)', text('3 2\na 1 2\nb 3 4\n')],
  ['more rows than the header', text('1 2\na 1 2\nb 3 4\n')],
  ['header lying about the dimension', text('2 3\nalpha 1.5 2.5\nbeta 3.5 4.5\n')],
  ['row of the wrong length', text('2 2\na 1 2\nb 3 4 5\n')],
  ['headerless row of the wrong length', text('a 1 2\nb 3\n')],
  ['headerless, no values', text('lonely\n')],
  ['non-number', text('2 2\na 1.0 2.0\nb 1.0 x\n')],
  ['NaN', text('1 2\na nan 2\n')],
  ['Infinity', text('1 2\na Infinity 2\n')],
  ['beyond float32', text('1 2\na 1e39 2\n')],
  ['duplicate word', text('3 1\na 1.0\nb 2.0\na 3.0\n')],
  ['huge dimension', text('2 100000\na 1\n')],
  ['dimension 0', text('2 0\na\n')],
  ['huge count', text('2000000000 300\na 1 2\n')],
  ['count beyond safe integers', text('99999999999999999999 3\na 1 2 3\n')],
  ['invalid UTF-8 in a row', Uint8Array.from([...text('2 2\na 1.0 2.0\n'), 0xc3, 0x28, ...text(' 3.0 4.0\n')])],
  ['invalid UTF-8 after another error', Uint8Array.from([...text('2 2\na 1.0 x\nb 1 2\n'), 0xff, ...text(' 3.0 4.0\n')])],
  ['truncated UTF-8 before a newline', Uint8Array.from([...text('1 1\nab'), 0xe2, 0x82, 0x0a, ...text('c 1\n')])],
  ['binary truncated in a vector', writeWord2vecBinary(e).subarray(0, writeWord2vecBinary(e).length - 7)],
  ['binary truncated in a word', writeWord2vecBinary(e).subarray(0, 40)],
  ['binary header lying about the count', binary('3 2\n', [['alphabetical', [1, 2]], ['betamaxes', [3, 4]]])],
  ['binary data after the records', binary('1 2\n', [['a', [1, 2]], ['b', [3, 4]]])],
  ['binary header lying about the dimension', binary('3 2\n', [['alpha', [0.25, -0.5, 1.5]], ['beta', [0.1, 0.2, 0.3]], ['gamma', [3, 2, 1]]])],
  ['binary NaN', binary('2 2\n', [['a', [1, 2]], ['b', [NaN, 1]]])],
  ['binary Infinity', binary('1 2\n', [['a', [1, Infinity]]])],
  ['binary duplicate', binary('2 1\n', [['a', [1]], ['a', [2]]])],
  ['binary invalid UTF-8 word', binary('1 1\n', [[[0xc3, 0x28], [1]]])],
  ['binary control byte in a word', binary('1 1\n', [[[0x61, 0x01, 0x62], [1]]])],
  ['binary word without a space in 4096 bytes', Uint8Array.from([...text('1 1\n'), ...new Uint8Array(5000).fill(0x61)])],
  ['binary word of exactly 4096 bytes at the end', Uint8Array.from([...text('1 1\n'), ...new Uint8Array(4096).fill(0x61)])],
  ['binary header too long', Uint8Array.from([...text('1 1' + ' '.repeat(70) + '\n'), ...text('a '), 0, 0, 0x80, 0x3f])],
  ['binary missing header newline', text('12 34')],
];

// Seeded random mutations of the valid files: flips, insertions, deletions, truncations (several at once).
const rand = seededRandom(1107);
const mutated: [string, Uint8Array][] = [];
for (let i = 0; i < 160; i++) {
  const [name, base] = valid[i % valid.length];
  const b = [...base];
  const edits = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < edits && b.length; k++) {
    const at = Math.floor(rand() * b.length);
    const what = rand();
    const byte = [0x20, 0x0a, 0x0d, 0x09, 0x00, 0xff, 0xc3, 0x2e, 0x2d, 0x31, 0x61, 0xe2, 0x7f][Math.floor(rand() * 13)];
    if (what < 0.4) b[at] = byte;
    else if (what < 0.7) b.splice(at, 0, byte);
    else if (what < 0.9) b.splice(at, 1);
    else b.length = at;
  }
  mutated.push([`${name}, mutation ${i}`, Uint8Array.from(b)]);
}

const FORMATS: (VectorFormat | 'auto')[] = ['auto', 'word2vec-text', 'word2vec-binary', 'headerless-text'];

function checkEveryCut(name: string, bytes: Uint8Array, formats = FORMATS): number {
  let runs = 0;
  for (const format of formats) {
    const want = oracle(bytes, format);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const got = streamed([bytes.subarray(0, cut), bytes.subarray(cut)], bytes.length, format, 16 + (cut % 7));
      assert.deepEqual(got, want, `${name} (${format}), cut at ${cut} of ${bytes.length}`);
      runs++;
    }
    const ones = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    assert.deepEqual(streamed(ones, bytes.length, format, 16), want, `${name} (${format}), 1-byte chunks`);
    assert.deepEqual(streamed([bytes], bytes.length, format, 4 << 20), want, `${name} (${format}), one chunk, default window`);
  }
  return runs;
}

test('streaming readers equal readVectors on every valid file, at every chunk boundary', () => {
  let runs = 0;
  for (const [name, bytes] of valid) {
    assert.equal(oracle(bytes, 'auto').ok, true, `${name} is valid`);
    runs += checkEveryCut(name, bytes);
  }
  console.log(`# ${valid.length} valid files, ${runs} cuts`);
});

test('streaming readers give the same errors (message, line, offset) on every malformed file, at every chunk boundary', () => {
  let runs = 0;
  for (const [name, bytes] of malformed) {
    assert.ok(FORMATS.some((f) => !oracle(bytes, f).ok), `${name} is refused`);
    runs += checkEveryCut(name, bytes);
  }
  console.log(`# ${malformed.length} malformed files, ${runs} cuts`);
});

test('streaming readers equal readVectors on random mutations (several defects each), at every chunk boundary', () => {
  let runs = 0;
  let refused = 0;
  for (const [name, bytes] of mutated) {
    if (!oracle(bytes, 'auto').ok) refused++;
    runs += checkEveryCut(name, bytes, ['auto']);
  }
  assert.ok(refused > mutated.length / 3, `most mutations are refused (${refused} of ${mutated.length})`);
  console.log(`# ${mutated.length} mutated files (${refused} refused), ${runs} cuts`);
});

test('maxWords: the first N rows of the full read, at every cut, and the rest is not read', () => {
  for (const [name, bytes] of valid) {
    const full = oracle(bytes, 'auto');
    if (!full.ok) continue;
    for (let n = 1; n <= full.words.length; n++) {
      const want: Outcome = { ok: true, words: full.words.slice(0, n), dim: full.dim, data: full.data.slice(0, n * full.dim) };
      for (let cut = 0; cut <= bytes.length; cut += 3) {
        assert.deepEqual(streamed([bytes.subarray(0, cut), bytes.subarray(cut)], bytes.length, 'auto', 16, { maxWords: n }), want, `${name}, maxWords ${n}, cut ${cut}`);
      }
    }
  }
  // a defect after the first N rows is never reached
  const bad = text('3 2\na 1 2\nb 3 4\nc 5 oops\n');
  assert.equal(oracle(bad, 'auto').ok, false);
  assert.deepEqual(streamed([bad], bad.length, 'auto', 16, { maxWords: 2 }), { ok: true, words: ['a', 'b'], dim: 2, data: [1, 2, 3, 4] });
});

test('storage comes from allocate(); a headerless file uses its line count', () => {
  const rows = Array.from({ length: 40000 }, (_, i) => `w${i} ${i} ${-i}`);
  const bytes = text(`${rows.join('\n')}\n`);
  let allocated = 0;
  const r = readVectorChunks([bytes], 'headerless-text', {
    totalBytes: bytes.length, rowsHint: 40001,
    allocate: (n) => { allocated += n; return new Float32Array(new SharedArrayBuffer(n * 4)); },
  });
  assert.equal(allocated, 40001 * 2, 'allocated once, from the line count');
  assert.ok(r.data.buffer instanceof SharedArrayBuffer, 'the result is a view of the allocated storage');
  assert.equal(r.data.length, 80000);
  assert.equal(r.words[39999], 'w39999');
  assert.throws(() => readVectorChunks([bytes], 'headerless-text', { totalBytes: bytes.length, rowsHint: 100 }), /the file changed while it was read/);
});
