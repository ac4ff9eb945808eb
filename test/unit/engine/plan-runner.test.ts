// The training pipeline's engine half (src/engine/plan-runner.ts) with the real engine on a small corpus: runs
// in order, grows an `auto` plan, stops every run on cancel, names the run that failed, and one lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { CorpusBuilder } from '../../../src/core/corpus';
import { seededRandom } from '../../../src/core/random';
import { comparePlan, seedList, trainPlan } from '../../../src/engine/plan';
import { PlanRunError, runPlan, TrainingLock, type PlanProgress } from '../../../src/engine/plan-runner';
import { TrainingCancelledError } from '../../../src/engine/train';

function corpus(tokens = 60_000) {
  const r = seededRandom(3);
  const b = new CorpusBuilder();
  const words = Array.from({ length: 500 }, (_, i) => `w${i}`);
  const line: string[] = [];
  for (let i = 0; i < tokens; i++) {
    line.push(words[Math.floor(r() ** 2 * words.length)]!);
    if (line.length === 15) { b.push(line.join(' ') + '\n'); line.length = 0; }
  }
  b.end();
  return b.finish({ minCount: 1, shared: true });
}

const base = { dim: 12, window: 3, negative: 3, threads: 2 };

test('a compare plan runs every run in order over one corpus; progress covers the whole plan', async () => {
  const { vocab, corpus: c } = corpus();
  const plan = comparePlan({ seeds: seedList(2), epochs: 2, base });
  const seen: PlanProgress[] = [];
  const done = await runPlan(plan, c, vocab, { onProgress: (p) => seen.push(p) });
  assert.deepEqual(done.map((d) => `${d.run.model}:${d.run.seed}`), ['cbow-word2vec:1', 'cbow-corrected:1', 'cbow-word2vec:2', 'cbow-corrected:2']);
  for (const d of done) {
    assert.equal(d.result.options.model, d.run.model);
    assert.equal(d.result.options.seed, d.run.seed);
    assert.equal(d.result.options.alpha, d.run.alpha);
    assert.equal(d.result.outputs.length, vocab.size * 12, 'the output vectors come back too');
  }
  assert.ok(seen.every((p, i) => i === 0 || p.fraction >= seen[i - 1]!.fraction - 1e-12), 'overall progress never goes back');
  assert.ok(seen.every((p) => p.runs === 4 && p.fraction <= 1 + 1e-12));
  assert.equal(seen.at(-1)!.run, 3);
});

test('extend grows the plan after a run (how auto seeds work)', async () => {
  const { vocab, corpus: c } = corpus(20_000);
  const plan = trainPlan('g', 'cbow-corrected', [1], 1, base);
  const done = await runPlan(plan, c, vocab, { extend: (d) => (d.length === 1 ? trainPlan('g', 'cbow-corrected', [2, 3], 1, base).runs : []) });
  assert.deepEqual(done.map((d) => d.run.seed), [1, 2, 3]);
});

test('cancelled during run 2 of 3: rejects as cancelled, and no run after it starts', async () => {
  const { vocab, corpus: c } = corpus();
  const plan = trainPlan('g', 'cbow-corrected', seedList(3), 30, base);
  const abort = new AbortController();
  const started: number[] = [];
  let run = -1;
  await assert.rejects(runPlan(plan, c, vocab, {
    signal: abort.signal,
    onWorkers: () => { started.push(++run); if (run === 1) abort.abort(); },
  }), TrainingCancelledError);
  assert.deepEqual(started, [0, 1], 'run 3 never started');
});

test('a worker killed in run 2 of 3: a PlanRunError that names run 2, and run 3 never starts', async () => {
  const { vocab, corpus: c } = corpus();
  const plan = trainPlan('g', 'sg', seedList(3), 50, base);
  let run = -1;
  let killed = false;
  // killed as run 2's workers start: a fault at a point defined by the plan, not by a delay
  await assert.rejects(runPlan(plan, c, vocab, {
    onWorkers: (w: readonly Worker[]) => { run++; if (run === 1) { killed = true; void w[0]!.terminate(); } },
  }), (e: Error) => {
    assert.ok(e instanceof PlanRunError, String(e));
    assert.equal(e.run, 1);
    assert.match(e.message, /^run 2 of 3 \(sg, seed 2\) failed: training worker 1 of 2 stopped unexpectedly/);
    return true;
  });
  assert.ok(killed, 'the fault was injected in run 2');
  assert.equal(run, 1, 'run 3 never started');
});

test('one lock: a second holder is refused until the first releases it', () => {
  const lock = new TrainingLock();
  const release = lock.acquire('Compare');
  assert.ok(release);
  assert.equal(lock.busy, 'Compare');
  assert.equal(lock.acquire('Train'), undefined);
  release!();
  release!(); // idempotent
  assert.equal(lock.busy, undefined);
  const again = lock.acquire('Train');
  assert.ok(again);
  assert.equal(lock.busy, 'Train');
});
