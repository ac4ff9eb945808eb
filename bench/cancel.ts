// How long an abort takes to stop every worker: from abort() to train() rejecting, which happens only
// once every worker thread has exited. Worst cases first: skip-gram at dim 300 has the longest chunks.
import { train, TrainingCancelledError, type ModelKind } from '../src/engine/train';
import { corpusPrefix } from '../test/corpus-sample';

async function main(): Promise<void> {
  const { vocab, corpus } = (await corpusPrefix(20_000_000)).finish({ minCount: 5, shared: true });
  for (const [model, dim] of [['sg', 300], ['sg', 100], ['cbow-corrected', 300], ['cbow-corrected', 100]] as [ModelKind, number][]) {
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const controller = new AbortController();
      let abortedAt = 0;
      const delay = 300 + ((i * 397) % 1200);
      const run = train(corpus, vocab, { model, dim, epochs: 50, threads: 2 }, { signal: controller.signal });
      setTimeout(() => { abortedAt = performance.now(); controller.abort(); }, delay);
      try {
        await run;
        throw new Error('training finished before the abort');
      } catch (e) {
        if (!(e instanceof TrainingCancelledError)) throw e;
      }
      latencies.push(performance.now() - abortedAt);
    }
    latencies.sort((a, b) => a - b);
    console.log(`cancel ${model} dim ${dim}, 2 threads, 10 aborts at 0.3–1.5 s: median ${latencies[5].toFixed(1)} ms, max ${latencies[9].toFixed(1)} ms until every worker had exited`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
