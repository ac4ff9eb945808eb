// Seeded fuzzing (reproducible: EL_FUZZ_SEED, default 20240601): mutated vector files (text, headerless,
// binary, fastText-style), mutated Embedding Lens model files and mutated corpora go through the parsers, the
// tokenizer and CorpusBuilder. Only the documented error classes may come out (VectorFileError,
// ModelFileError); any other exception, a case that runs longer than the time guard (a hang: the fuzz runs
// in a worker thread that the test terminates), or an unhandled rejection fails the test with the seed and
// the case number, which reproduce it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { readVectors, VectorFileError, writeWord2vecBinary, writeWord2vecText, writeHeaderlessText } from '../../src/core/formats';
import { readModelFile, singleInput, writeModelFile, ModelFileError } from '../../src/core/formats/model-file';
import { CorpusBuilder } from '../../src/core/corpus';
import { decodeText } from '../../src/core/text-detect';
import { normalizeWord, tokenize } from '../../src/core/tokenize';
import { nearest } from '../../src/core/query';
import { Embeddings } from '../../src/core/vectors';
import { Rng } from '../factories/robustness';

const SEED = Number(process.env.EL_FUZZ_SEED ?? 20240601);
// A hang guard, not a speed bound: a case takes milliseconds; one that runs for minutes is stuck.
const CASE_LIMIT_MS = 120_000;
const COUNTS = { textVectors: 6000, binaryVectors: 6000, modelFiles: 2000, corpora: 6000 };

interface Progress { kind: string; index: number }
interface Summary { tried: Record<string, number>; parsed: Record<string, number>; refused: Record<string, number>; slowestMs: number; failures: string[] }

// ------------------------------------------------------------------ seeds and mutations
function seedEmbeddings(r: Rng): Embeddings {
  const n = 1 + r.int(8);
  const dim = 1 + r.int(6);
  const alphabet = ['a', 'é', 'ß', '日', 'x', '-', "'", '𝔘', '9', 'Z'];
  const words = new Set<string>();
  while (words.size < n) words.add(Array.from({ length: 1 + r.int(6) }, () => r.pick(alphabet)).join(''));
  const data = new Float32Array(n * dim);
  for (let i = 0; i < data.length; i++) data[i] = r.int(10) === 0 ? 0 : (r.float() - 0.5) * 10 ** (r.int(8) - 3);
  return new Embeddings([...words], dim, data);
}

const INTERESTING = [0x00, 0xff, 0x0a, 0x0d, 0x20, 0x09, 0x2d, 0x2e, 0x30, 0x39, 0x65, 0x6e, 0xef, 0xbb, 0xbf, 0x80, 0xc3, 0x7f];
const HEADERS = ['0 0', '1 1', '3 4', '999999999 1', '1 999999999', '-1 3', '2 2 2', '18446744073709551617 1', '1e3 2', '', ' ', '4294967296 4294967296', '1 10000', '5 10001'];

function mutate(r: Rng, input: Uint8Array, other: Uint8Array): Uint8Array {
  let b = Array.from(input);
  const rounds = 1 + r.int(4);
  for (let k = 0; k < rounds; k++) {
    const at = r.int(b.length + 1);
    switch (r.int(9)) {
      case 0: if (b.length) b[r.int(b.length)] ^= 1 << r.int(8); break; // bit flip
      case 1: if (b.length) b[r.int(b.length)] = r.pick(INTERESTING); break;
      case 2: b = b.slice(0, at); break; // truncation
      case 3: b.splice(at, 0, ...Array.from({ length: 1 + r.int(8) }, () => r.int(256))); break; // inserted bytes
      case 4: b.splice(at, 1 + r.int(16)); break; // deleted range
      case 5: { const s = r.int(b.length + 1); b.splice(at, 0, ...b.slice(s, s + 1 + r.int(32))); break; } // duplicated range
      case 6: { // spliced header
        const nl = b.indexOf(0x0a);
        b = [...new TextEncoder().encode(r.pick(HEADERS) + (r.int(2) ? '\n' : '\r\n')), ...b.slice(nl < 0 ? 0 : nl + 1)];
        break;
      }
      case 7: { const s = r.int(other.length + 1); b = [...b.slice(0, at), ...other.subarray(s)]; break; } // spliced files
      case 8: b.splice(at, 0, ...new TextEncoder().encode(r.pick([' nan', ' inf', ' -0', ' 1e39', '\ufeff', '\r', '\n\n', ' ', '\t', 'é', '\u0000', '\ud800'.normalize()]))); break;
    }
  }
  return new Uint8Array(b);
}

function checkParsed(emb: Embeddings): void {
  if (emb.size === 0) return;
  if (emb.data.length !== emb.size * emb.dim) throw new Error('parsed model has an inconsistent size');
  for (const v of emb.data) if (!Number.isFinite(v)) throw new Error('parsed model holds a non-finite value');
  for (const n of nearest(emb, emb.words[0]!, 5)) if (!Number.isFinite(n.similarity)) throw new Error(`NaN similarity for ${n.word}`);
}

// Corpora: random text from a hostile alphabet (surrogates, NUL, CR, BOM, combining marks, RTL, hyphens...)
const PIECES = ['word', 'Wörd', 'ΑΣ', 'ς', 'don\'t', 'rock\'\'n', 'state-of-the-art', '--', '\'', '’', '‐', '\r\n', '\n', ' ', '\t',
  '\ufeff', 'e\u0301', '\ud83d\ude00', '\ud800', '\udc00', '日本語', 'İ', 'ﬁ', '\u202e', '<img src=x onerror=alert(1)>', '[a](command:x)', '$(zap)', '`x`', '\u2028', '123', '4.5'];

function randomCorpus(r: Rng): Uint8Array {
  const parts: string[] = [];
  const n = r.int(60);
  for (let i = 0; i < n; i++) parts.push(r.pick(PIECES));
  const bytes = new TextEncoder().encode(parts.join(r.int(2) ? ' ' : ''));
  return r.int(3) === 0 ? mutate(r, bytes, bytes) : bytes;
}

function corpusCase(r: Rng, bytes: Uint8Array): 'text' | 'skipped' {
  const decided = decodeText(bytes);
  if (decided.kind !== 'text') return 'skipped';
  const textValue = decided.text;
  const whole = new CorpusBuilder();
  whole.addText(textValue);
  const streamed = new CorpusBuilder();
  for (let a = 0; a < textValue.length;) {
    const len = 1 + r.int(16);
    streamed.push(textValue.slice(a, a + len));
    a += len;
  }
  streamed.end();
  const w = whole.finish({ minCount: 1 });
  const s = streamed.finish({ minCount: 1 });
  if (w.corpus.tokens !== s.corpus.tokens || w.vocab.size !== s.vocab.size) {
    throw new Error(`streamed chunks changed the corpus: ${w.corpus.tokens}/${w.vocab.size} tokens/words whole, ${s.corpus.tokens}/${s.vocab.size} streamed`);
  }
  let expected = 0;
  for (const line of textValue.split('\n')) {
    for (const t of tokenize(line, { lowercase: true, hyphens: 'keep' })) {
      expected++;
      if (t.length === 0 || /[\s\u0000-\u001f]/u.test(t)) throw new Error(`bad token ${JSON.stringify(t)}`);
      if (normalizeWord(t) !== t) throw new Error(`normalizeWord is not idempotent on ${JSON.stringify(t)}`);
    }
  }
  if (expected !== w.corpus.tokens) throw new Error(`tokenize found ${expected} tokens, CorpusBuilder ${w.corpus.tokens}`);
  for (const word of w.vocab.words) if (w.vocab.id(word) < 0) throw new Error('vocabulary lookup failed');
  return 'text';
}

// ------------------------------------------------------------------ the worker: runs every case
function runFuzz(seed: number, progress: Int32Array): Summary {
  const r = new Rng(seed);
  const summary: Summary = { tried: {}, parsed: {}, refused: {}, slowestMs: 0, failures: [] };
  const kinds = Object.keys(COUNTS) as (keyof typeof COUNTS)[];
  kinds.forEach((kind, k) => {
    summary.tried[kind] = 0; summary.parsed[kind] = 0; summary.refused[kind] = 0;
    for (let i = 0; i < COUNTS[kind]; i++) {
      Atomics.store(progress, 0, k);
      Atomics.store(progress, 1, i);
      const t0 = performance.now();
      let bytes: Uint8Array = new Uint8Array(0);
      try {
        const emb = seedEmbeddings(r);
        const other = seedEmbeddings(r);
        if (kind === 'textVectors') {
          const writer = r.pick([writeWord2vecText, writeHeaderlessText]);
          let base = writer(emb);
          if (r.int(4) === 0) base = new Uint8Array([0xef, 0xbb, 0xbf, ...base]);
          if (r.int(4) === 0) base = new TextEncoder().encode(new TextDecoder().decode(base).replace(/\n/g, '\r\n').replace(/(\d)\r/g, '$1 \r'));
          bytes = mutate(r, base, writeWord2vecText(other));
          try { checkParsed(readVectors(bytes, r.pick(['auto', 'auto', 'word2vec-text', 'headerless-text', 'fasttext-vec'] as const))); summary.parsed[kind]++; }
          catch (e) { if (!(e instanceof VectorFileError)) throw e; summary.refused[kind]++; }
        } else if (kind === 'binaryVectors') {
          bytes = mutate(r, writeWord2vecBinary(emb), writeWord2vecBinary(other));
          try { checkParsed(readVectors(bytes, r.pick(['auto', 'word2vec-binary'] as const))); summary.parsed[kind]++; }
          catch (e) { if (!(e instanceof VectorFileError)) throw e; summary.refused[kind]++; }
        } else if (kind === 'modelFiles') {
          const file = writeModelFile({
            header: { kind: 'imported', label: 'fuzz', vocabSize: emb.size, dim: emb.dim, tokens: 0, files: 0, trainedAt: '2024-01-01T00:00:00Z', source: 'fuzz', hyperparameters: {} },
            words: emb.words, matrices: singleInput(emb.data),
          });
          bytes = mutate(r, file, file);
          try {
            const back = readModelFile(bytes);
            checkParsed(new Embeddings([...back.words], back.header.dim, back.matrices[0]!.data));
            summary.parsed[kind]++;
          } catch (e) { if (!(e instanceof ModelFileError)) throw e; summary.refused[kind]++; }
        } else {
          bytes = randomCorpus(r);
          if (corpusCase(r, bytes) === 'text') summary.parsed[kind]++; else summary.refused[kind]++;
        }
      } catch (e) {
        if (summary.failures.length < 10) {
          summary.failures.push(`${kind} case ${i} (seed ${seed}): ${(e as Error)?.stack ?? String(e)}\n  input (base64): ${Buffer.from(bytes).toString('base64').slice(0, 400)}`);
        }
      }
      summary.tried[kind]++;
      summary.slowestMs = Math.max(summary.slowestMs, performance.now() - t0);
    }
  });
  return summary;
}

if (!isMainThread && workerData?.fuzz) {
  const unhandled: string[] = [];
  process.on('unhandledRejection', (e) => unhandled.push(String((e as Error)?.stack ?? e)));
  const summary = runFuzz(workerData.seed as number, workerData.progress as Int32Array);
  setImmediate(() => {
    summary.failures.push(...unhandled.map((u) => `unhandled rejection: ${u}`));
    parentPort!.postMessage(summary);
  });
}

if (isMainThread) {
  test(`fuzz: ≥ 10,000 mutated vector files, model files and corpora (seed ${SEED})`, async () => {
    const progress = new Int32Array(new SharedArrayBuffer(8));
    const started = performance.now();
    const worker = new Worker(__filename, { workerData: { fuzz: true, seed: SEED, progress } });
    const kinds = Object.keys(COUNTS);
    const summary = await new Promise<Summary>((resolve, reject) => {
      let last: Progress = { kind: '', index: -1 };
      let lastChange = performance.now();
      const guard = setInterval(() => {
        const now: Progress = { kind: kinds[Atomics.load(progress, 0)]!, index: Atomics.load(progress, 1) };
        if (now.kind !== last.kind || now.index !== last.index) { last = now; lastChange = performance.now(); return; }
        if (performance.now() - lastChange > CASE_LIMIT_MS) {
          clearInterval(guard);
          void worker.terminate();
          reject(new Error(`fuzz case hung: ${now.kind} case ${now.index} ran over ${CASE_LIMIT_MS} ms (seed ${SEED})`));
        }
      }, 100);
      worker.once('message', (m: Summary) => { clearInterval(guard); resolve(m); });
      worker.once('error', (e) => { clearInterval(guard); reject(e); });
      worker.once('exit', (code) => { clearInterval(guard); if (code !== 0) reject(new Error(`fuzz worker exited with ${code}`)); });
    });
    await worker.terminate();
    const total = Object.values(summary.tried).reduce((a, b) => a + b, 0);
    const vectorFiles = summary.tried.textVectors! + summary.tried.binaryVectors!;
    const seconds = (performance.now() - started) / 1000;
    console.log(`# fuzz seed ${SEED}: ${total} cases tried in ${seconds.toFixed(1)} s (slowest case ${summary.slowestMs.toFixed(1)} ms)`);
    for (const k of kinds) console.log(`#   ${k}: ${summary.tried[k]} tried, ${summary.parsed[k]} parsed, ${summary.refused[k]} refused with the documented error`);
    assert.deepEqual(summary.failures, [], summary.failures.join('\n\n'));
    assert.ok(vectorFiles >= 10_000, `${vectorFiles} vector files`);
    assert.ok(summary.parsed.textVectors! > 100 && summary.refused.textVectors! > 100, 'mutations reach both outcomes');
  });
}
