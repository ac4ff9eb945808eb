// dist/search.wasm against core's JS loops on real trained vectors: a small model trained here on the shared
// corpus (always the same one, so the test never depends on what a benchmark left behind).
// Neighbours, analogies and gensim-protocol analogy evaluation must give identical answers on both paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { evaluateAnalogies } from '../../../src/core/evaluate';
import { analogy, nearest, type Neighbour } from '../../../src/core/query';
import { Embeddings, setAccelerator } from '../../../src/core/vectors';
import { train } from '../../../src/engine/train';
import { corpusPrefix } from '../../corpus-sample';
import { dataPath } from '../../data-path';
import { acc, both } from '../../accelerator-paths';


let cached: Promise<{ emb: () => Embeddings; source: string }> | undefined;

function realModel(): Promise<{ emb: () => Embeddings; source: string }> {
  cached ??= (async () => {
    const { vocab, corpus } = (await corpusPrefix(6_000_000)).finish({ minCount: 3, shared: true });
    const r = await train(corpus, vocab, { model: 'cbow-corrected', dim: 50, epochs: 3, threads: 2, seed: 3 });
    const data = r.embeddings.data;
    return { emb: () => new Embeddings([...r.embeddings.words], r.embeddings.dim, data.slice()), source: 'trained on a 6 MB corpus prefix' };
  })();
  return cached;
}

const key = (ns: Neighbour[]) => ns.map((n) => `${n.word}:${n.similarity}`).join(' ');

test('search (real vectors): nearest and analogies identical to the JS path', async (t) => {
  const { emb: make, source } = await realModel();
  t.diagnostic(`model: ${source}`);
  const emb = make();
  let r = 12345;
  const pick = () => {
    r = (Math.imul(r, 1103515245) + 12345) >>> 0;
    return emb.words[r % emb.size];
  };
  // Frequent words (dense neighbourhoods) and random ones (mostly rare).
  const words = [...emb.words.slice(0, 30), ...Array.from({ length: 70 }, pick)];
  for (const w of words) {
    for (const k of [1, 10, 50]) {
      const { js, wasm } = both(() => nearest(emb, w, k));
      assert.equal(key(wasm), key(js), `nearest(${w}, ${k})`);
    }
  }
  for (let i = 0; i < 40; i++) {
    const [a, b, c] = [pick(), pick(), emb.words[i]];
    if (new Set([a, b, c]).size < 3) continue;
    for (const method of ['add', 'mul'] as const) {
      const { js, wasm } = both(() => analogy(emb, a, b, c, { method, k: 10, restrict: 30000 }));
      assert.equal(key(wasm), key(js), `analogy ${a}:${b}::${c} ${method}`);
    }
  }
});

test('search (real vectors): evaluateAnalogies reports identical on a questions-words subset, add and mul', async () => {
  const { emb: make } = await realModel();
  const lines = readFileSync(dataPath('analogy/questions-words.txt'), 'utf8').split('\n');
  // Every 40th question of every section, section headers kept: all sections, ~490 questions.
  const subset = lines.filter((l, i) => l.startsWith(':') || i % 40 === 0).join('\n');
  for (const method of ['add', 'mul'] as const) {
    for (const restrictVocab of method === 'add' ? [300000, 20000] : [300000]) {
      // Fresh Embeddings for each path, so the wasm one has its unit matrix in wasm memory.
      setAccelerator(undefined);
      const js = evaluateAnalogies(make(), subset, { method, restrictVocab, keepFailures: 1000 });
      setAccelerator(acc);
      const wasm = evaluateAnalogies(make(), subset, { method, restrictVocab, keepFailures: 1000 });
      setAccelerator(undefined);
      assert.ok(js.all.answered > 150, `answered ${js.all.answered}`);
      assert.deepEqual(wasm, js, `${method}, restrict ${restrictVocab}`);
    }
  }
});

test('search: evaluateAnalogies with exact ties in the scores matches JS', () => {
  // Rows repeat a few directions, so analogy scores tie exactly; words are lowercase a0..a399.
  const n = 400, d = 16;
  const data = new Float32Array(n * d);
  let s = 7;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) - 0.5;
  const base = Array.from({ length: 25 }, () => Array.from({ length: d }, rnd));
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = base[i % 25][j] * (1 + (i % 3));
  const words = Array.from({ length: n }, (_, i) => `a${i}`);
  const qs: string[] = [': one'];
  for (let i = 0; i < 300; i++) qs.push([i, (i * 7) % n, (i * 13 + 5) % n, (i * 31 + 2) % n].map((x) => `a${x}`).join(' '));
  const text = qs.join('\n');
  for (const method of ['add', 'mul'] as const) {
    const { js, wasm } = both(() => evaluateAnalogies(new Embeddings(words, d, data), text, { method, keepFailures: 400 }));
    assert.deepEqual(wasm, js, method);
  }
});
