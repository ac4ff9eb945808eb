// The compare end to end (same core + engine code as the extension's embeddingLens.compare) on the shared
// corpus with the engine benchmark's settings: one vocabulary, one seed, word2vec CBOW then corrected CBOW,
// Procrustes alignment, overlap@10 over the 1,000 most frequent words, analogy accuracy and ρ of each model.
// Prints figures; asserts nothing.
//   node scripts/build.mjs && node dist/bench/compare.js
//   env: BENCH_BYTES (only the first N decompressed bytes, for a quick check), BENCH_EPOCHS (default 5),
//        BENCH_THREADS (default 2), BENCH_SKIPGRAM=1 (also train skip-gram as a reference)
import { createReadStream, readFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { alignSpaces, compareModels } from '../src/core/compare';
import { CorpusBuilder } from '../src/core/corpus';
import { evaluateAnalogies, evaluateSimilarity } from '../src/core/evaluate';
import { installSearchAccelerator } from '../src/engine/search';
import type { TrainResult } from '../src/engine/train';
import { comparePlan, COMPARE_RULES } from '../src/engine/plan';
import { runPlan } from '../src/engine/plan-runner';
import { dataPath } from '../test/data-path';

const SETTINGS = {
  dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3,
  epochs: Number(process.env.BENCH_EPOCHS ?? 5), threads: Number(process.env.BENCH_THREADS ?? 2), seed: 1,
};
const LIMIT = process.env.BENCH_BYTES ? Number(process.env.BENCH_BYTES) : Infinity;
const SIMS: [string, string][] = [['WS353', 'similarity/EN-WS-353-ALL.txt'], ['SimLex', 'similarity/EN-SIMLEX-999.txt'], ['MEN', 'similarity/EN-MEN-TR-3k.txt']];

async function readCorpus(path: string, builder: CorpusBuilder): Promise<number> {
  let bytes = 0;
  const decoder = new TextDecoder();
  const stream = createReadStream(path).pipe(createGunzip());
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const take = Math.min(chunk.length, LIMIT - bytes);
    builder.push(decoder.decode(take < chunk.length ? chunk.subarray(0, take) : chunk, { stream: true }));
    bytes += take;
    if (bytes >= LIMIT) { stream.destroy(); break; }
  }
  builder.push(decoder.decode());
  builder.end();
  return bytes;
}

async function main(): Promise<void> {
  installSearchAccelerator();
  const corpusPath = dataPath('corpus/en-prose.txt.gz');
  console.log(`settings: ${JSON.stringify(SETTINGS)}, lowercase, hyphens split; corpus ${corpusPath}${Number.isFinite(LIMIT) ? ` (first ${LIMIT.toLocaleString('en')} bytes)` : ''}`);
  const wall = performance.now();
  const builder = new CorpusBuilder({ lowercase: true, hyphens: 'split' });
  const bytes = await readCorpus(corpusPath, builder);
  const { vocab, corpus } = builder.finish({ minCount: SETTINGS.minCount, shared: true });
  const readSeconds = (performance.now() - wall) / 1000;
  console.log(`read ${(bytes / 1e6).toFixed(1)} MB in ${readSeconds.toFixed(1)} s: ${corpus.tokens.toLocaleString('en')} tokens, vocabulary ${vocab.size.toLocaleString('en')}`);

  const { epochs, minCount: _minCount, ...base } = SETTINGS;
  const plan = comparePlan({ rules: [...COMPARE_RULES, ...(process.env.BENCH_SKIPGRAM === '1' ? ['sg' as const] : [])], seeds: [1], epochs, base });
  const results: TrainResult[] = [];
  for (const { run, result: r } of await runPlan(plan, corpus, vocab)) {
    console.log(`${run.model}: α ${r.options.alpha}, ${r.seconds.toFixed(1)} s, ${Math.round(r.wordsPerSecond).toLocaleString('en')} words/s, mean C ${r.meanContextSize.toFixed(2)}, final loss ${r.lossCurve.at(-1)?.loss.toFixed(3) ?? '-'}`);
    results.push(r);
  }
  const [a, b] = [results[0].embeddings, results[1].embeddings];
  const t0 = performance.now();
  const alignment = await alignSpaces(a, b);
  const cmp = await compareModels(a, b, alignment, { top: 1000, k: 10, listSize: 10 });
  const compareSeconds = (performance.now() - t0) / 1000;
  const wallSeconds = (performance.now() - wall) / 1000;

  console.log(`\nalignment: Procrustes over ${alignment.words.toLocaleString('en')} shared words, mean aligned cosine ${alignment.meanCosine.toFixed(3)}`);
  console.log(`mean overlap@10 over the ${cmp.words} most frequent words: ${(cmp.meanOverlap * 100).toFixed(1)}% (mean aligned cosine ${cmp.meanCosine.toFixed(3)}); measured in ${compareSeconds.toFixed(1)} s`);
  console.log(`five most-changed words: ${cmp.mostChanged.slice(0, 5).map((w) => `${w.word} (${Math.round(w.overlap * 10)}/10, cos ${w.cosine.toFixed(2)})`).join(', ')}`);
  console.log(`five least-changed words: ${cmp.leastChanged.slice(0, 5).map((w) => `${w.word} (${Math.round(w.overlap * 10)}/10)`).join(', ')}`);
  console.log(`wall time of the whole compare (read + vocabulary + ${plan.runs.length} trainings + alignment + overlap): ${wallSeconds.toFixed(1)} s`);

  const questions = readFileSync(dataPath('analogy/questions-words.txt'), 'utf8');
  const sims = SIMS.map(([name, file]) => [name, readFileSync(dataPath(file), 'utf8')] as const);
  const pct = (t: { correct: number; answered: number }) => (100 * t.correct / Math.max(1, t.answered)).toFixed(1);
  const cov = (t: { answered: number; skipped: number }) => (100 * t.answered / Math.max(1, t.answered + t.skipped)).toFixed(1);
  console.log('\n| model | analogy % (sem / syn) | coverage % | WS353 ρ | SimLex ρ | MEN ρ | train s | words/s |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const an = evaluateAnalogies(r.embeddings, questions);
    const rho = sims.map(([, text]) => {
      const s = evaluateSimilarity(r.embeddings, text);
      return `${Number.isFinite(s.spearman) ? s.spearman.toFixed(3) : '-'} (${(100 * s.coverage).toFixed(0)}%)`;
    });
    console.log(`| ${r.options.model} | ${pct(an.all)} (${pct(an.semantic)} / ${pct(an.syntactic)}) | ${cov(an.all)} | ${rho.join(' | ')} | ${r.seconds.toFixed(1)} | ${Math.round(r.wordsPerSecond).toLocaleString('en')} |`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exitCode = 1;
});
