import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearest } from '../../../src/core/query';
import { train, TrainingCancelledError, type ModelKind } from '../../../src/engine/train';
import { corpusPrefix } from '../../corpus-sample';

// Frequent words whose nearest neighbours should include a sibling once training works.
const PROBES: [string, string[]][] = [
  ['three', ['two', 'four', 'five', 'six', 'seven', 'eight', 'nine']],
  ['he', ['she', 'they', 'it']],
  ['january', ['february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']],
  ['french', ['german', 'italian', 'english', 'spanish', 'british', 'russian', 'dutch', 'european']],
  ['his', ['her', 'their', 'its']],
  ['war', ['battle', 'wars', 'conflict', 'army', 'invasion', 'forces']],
];

async function sample(bytes: number, minCount: number) {
  return (await corpusPrefix(bytes)).finish({ minCount, shared: true });
}

function siblingsFound(emb: Parameters<typeof nearest>[0]): string[] {
  return PROBES.filter(([word, siblings]) => nearest(emb, word, 10).some((n) => siblings.includes(n.word))).map(([w]) => w);
}

for (const threads of [1, 2]) {
  for (const model of ['cbow-corrected', 'sg', 'cbow-word2vec'] as ModelKind[]) {
    test(`${model} on ${threads} thread(s) learns obvious neighbours from 6 MB of Wikipedia`, async () => {
      const { vocab, corpus } = await sample(6_000_000, 5);
      assert.ok(corpus.tokens > 900_000, `expected ~1M tokens, got ${corpus.tokens}`);
      const result = await train(corpus, vocab, { model, dim: 50, epochs: model === 'sg' ? 3 : 6, threads, seed: 5 });
      const found = siblingsFound(result.embeddings);
      assert.ok(found.length >= 5, `${model}: only ${found.join(', ') || 'none'} of ${PROBES.map(([w]) => w).join(', ')} had a sibling in the top 10; ` +
        `three → ${nearest(result.embeddings, 'three', 10).map((n) => n.word).join(' ')}`);
      assert.ok(result.lossCurve.length > 3, 'a loss curve is recorded');
      assert.ok(result.lossCurve.at(-1)!.loss < result.lossCurve[0].loss, 'the loss falls');
      if (model !== 'sg') assert.ok(result.meanContextSize > 3 && result.meanContextSize < 10, `mean C ${result.meanContextSize}`);
    });
  }
}

test('one thread with a given seed gives the same vectors every run; another seed does not', async () => {
  const { vocab, corpus } = await sample(400_000, 2);
  const run = (seed: number) => train(corpus, vocab, { model: 'cbow-corrected', dim: 20, epochs: 2, threads: 1, seed });
  const [a, b, c] = [await run(3), await run(3), await run(4)];
  assert.deepEqual(a.embeddings.data, b.embeddings.data);
  assert.notDeepEqual(a.embeddings.data, c.embeddings.data);
});

test('an abort signal cancels training, and a new run afterwards succeeds', async () => {
  const { vocab, corpus } = await sample(2_000_000, 3);
  const controller = new AbortController();
  let reports = 0;
  const run = train(corpus, vocab, { model: 'sg', dim: 100, epochs: 50, threads: 2 }, {
    signal: controller.signal,
    onProgress: () => { if (++reports === 2) controller.abort(); },
  });
  await assert.rejects(run, TrainingCancelledError);
  const again = await train(corpus, vocab, { model: 'cbow-corrected', dim: 10, epochs: 1, threads: 2 });
  assert.equal(again.embeddings.size, vocab.size);
});

test('an already-aborted signal rejects at once', async () => {
  const { vocab, corpus } = await sample(100_000, 1);
  await assert.rejects(train(corpus, vocab, { model: 'sg' }, { signal: AbortSignal.abort() }), TrainingCancelledError);
});

test('bad options are refused with a clear message', async () => {
  const { vocab, corpus } = await sample(100_000, 1);
  await assert.rejects(train(corpus, vocab, { model: 'cbow' as ModelKind }), /unknown model "cbow"/);
  await assert.rejects(train(corpus, vocab, { model: 'sg', dim: 0 }), /dim must be/);
});

test('background training renices only its worker threads (Linux)', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
  const { vocab, corpus } = await sample(2_000_000, 3);
  const base = niceOf(String(process.pid));
  const expected = Math.max(10, base);
  let niced = -1;
  const controller = new AbortController();
  await assert.rejects(train(corpus, vocab, { model: 'sg', epochs: 20, threads: 2 }, {
    background: true,
    signal: controller.signal,
    // A loaded machine may start the second worker after the first progress report: look again at each report
    // until both are there, or until a quarter of the run (a point defined by progress, not by time).
    onProgress: (p) => {
      if (controller.signal.aborted) return;
      niced = readdirSync('/proc/self/task').filter((t) => niceOf(t) === expected).length;
      if (niced >= 2 || p.fraction >= 0.25) controller.abort();
    },
  }), TrainingCancelledError);
  if (base < 10) assert.equal(niced, 2, `exactly the two workers run at nice ${expected}`);
  else assert.ok(niced >= 2, `the workers run at nice ${expected} (found ${niced} threads)`);
  assert.equal(niceOf(String(process.pid)), base, 'the calling thread keeps its priority');
});
