// Thread scaling and linearity in tokens: the engine on prefixes of the shared corpus (4 M, 8 M and all
// 16.25 M tokens, one vocabulary from the whole corpus, so only the token count changes), with the
// engine benchmark's settings. Prints figures; asserts nothing.
//   node scripts/build.mjs && node dist/bench/scaling.js
//   env: BENCH_MODELS (default cbow-corrected,sg), BENCH_EPOCHS (default 1), BENCH_SIZES (tokens, default
//        4000000,8000000,all), BENCH_THREADS (default 1,2: 1 thread runs on the smallest size only),
//        BENCH_REPEAT (default 1: runs of each, the fastest is kept)
import { createReadStream } from 'node:fs';
import { loadavg } from 'node:os';
import { createGunzip } from 'node:zlib';
import { CorpusBuilder, type EncodedCorpus } from '../src/core/corpus';
import { train, type ModelKind } from '../src/engine/train';
import { dataPath } from '../test/data-path';

const MODELS = (process.env.BENCH_MODELS ?? 'cbow-corrected,sg').split(',').filter(Boolean) as ModelKind[];
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 1);
const THREADS = (process.env.BENCH_THREADS ?? '1,2').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 1);
const SETTINGS = { dim: 100, window: 5, negative: 5, sample: 1e-3, epochs: EPOCHS, seed: 1 };

async function encodeAll() {
  const builder = new CorpusBuilder({ lowercase: true, hyphens: 'split' });
  const decoder = new TextDecoder();
  for await (const chunk of createReadStream(dataPath('corpus/en-prose.txt.gz')).pipe(createGunzip()) as AsyncIterable<Buffer>) {
    builder.push(decoder.decode(chunk, { stream: true }));
  }
  builder.push(decoder.decode());
  builder.end();
  return builder.finish({ minCount: 5, shared: true });
}

// The first sentences holding at least `tokens` tokens; a view, not a copy.
function prefix(corpus: EncodedCorpus, tokens: number): EncodedCorpus {
  if (tokens >= corpus.tokens) return corpus;
  let seen = 0;
  let sentences = 0;
  for (let i = 0; i < corpus.ids.length; i++) {
    if (corpus.ids[i] >= 0) seen++;
    else {
      sentences++;
      if (seen >= tokens) return { ids: corpus.ids.subarray(0, i + 1), tokens: seen, sentences };
    }
  }
  return corpus;
}

async function main(): Promise<void> {
  const { vocab, corpus } = await encodeAll();
  const sizes = (process.env.BENCH_SIZES ?? '4000000,8000000,all').split(',').map((s) => (s === 'all' ? corpus.tokens : Number(s)));
  console.log(`settings: ${JSON.stringify(SETTINGS)}; vocabulary ${vocab.size.toLocaleString('en')} words (min-count 5 over all ${corpus.tokens.toLocaleString('en')} tokens)`);
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const rows: { model: string; threads: number; tokens: number; seconds: number }[] = [];
  for (const model of MODELS) {
    for (const threads of THREADS) {
      // One thread only on the smallest size: it is there to measure scaling.
      for (const size of threads === Math.max(...THREADS) ? sizes : [Math.min(...sizes)]) {
        const part = prefix(corpus, size);
        let best = Infinity;
        let cpu = Infinity;
        for (let r = 0; r < REPEAT; r++) {
          const before = process.cpuUsage();
          const result = await train(part, vocab, { model, threads, ...SETTINGS });
          const used = process.cpuUsage(before);
          best = Math.min(best, result.seconds);
          cpu = Math.min(cpu, (used.user + used.system) / 1e6);
        }
        rows.push({ model, threads, tokens: part.tokens, seconds: best });
        console.log(`${model}, ${threads} thread(s), ${part.tokens.toLocaleString('en')} tokens × ${EPOCHS} epoch(s): ${best.toFixed(2)} s, ` +
          `${Math.round((part.tokens * EPOCHS) / best).toLocaleString('en')} words/s; CPU time of the process ${cpu.toFixed(2)} s`);
      }
    }
  }
  console.log(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const most = Math.max(...THREADS);
  for (const model of MODELS) {
    const mine = rows.filter((r) => r.model === model);
    const smallest = Math.min(...mine.map((r) => r.tokens));
    const one = mine.find((r) => r.threads === 1 && r.tokens === smallest);
    const many = mine.find((r) => r.threads === most && r.tokens === smallest);
    if (one && many && most > 1) console.log(`${model}: ${most} threads run ${(one.seconds / many.seconds).toFixed(2)}× the speed of 1 thread (${smallest.toLocaleString('en')} tokens)`);
    const runs = mine.filter((r) => r.threads === most).sort((a, b) => a.tokens - b.tokens);
    if (runs.length > 1) {
      const base = runs[0].seconds / runs[0].tokens;
      console.log(`${model}: seconds per million tokens ${runs.map((r) => `${(r.tokens / 1e6).toFixed(1)} M → ${((r.seconds / r.tokens) * 1e6).toFixed(3)}`).join(', ')}; ` +
        `relative to the smallest ${runs.map((r) => (r.seconds / r.tokens / base).toFixed(2)).join(' / ')}`);
    }
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
