// npm run bench: the honest compare (issue 9) end to end, with the same pipeline the command and the CLI run:
// word2vec CBOW against corrected CBOW, 3 matched seeds each (BENCH_COMPARE_SEEDS), on
//   - kubernetes-community (the workspace tarball read as the extension reads it; automatic epochs and min-count),
//     once at each rule's default α and once with the α sweep 0.025, 0.05, 0.075, 0.1 (BENCH_COMPARE_SWEEP=0 skips);
//   - the shared corpus at 5 epochs (tokenized as the engine bench does), with questions-words and WS353, SimLex,
//     MEN;
// plus a placebo: corrected CBOW against itself (seeds 1-3 against 4-6), which must show no effect beyond noise.
// BENCH_COMPARE_CORPORA=k8s,shared picks; BENCH_COMPARE_SWEEP=0|only and
// BENCH_COMPARE_PLACEBO=0 leave parts out. Prints the figures and the verdicts; writes .bench-out/compare.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveEpochs, resolveMinCount } from '../src/core/auto-params';
import { splitHeldOut } from '../src/core/compare/held-out';
import { noiseAndEffect } from '../src/core/compare/noise';
import { formatInterval } from '../src/core/compare/stats';
import { ensembleEmbeddings, perSeedTop } from '../src/core/ensemble';
import type { CompareData } from '../src/protocol';
import { runAnalysis } from '../src/engine/analysis';
import { DEFAULT_COMPARE, runCompare } from '../src/engine/compare-pipeline';
import { seedList, trainPlan } from '../src/engine/plan';
import { runPlan } from '../src/engine/plan-runner';
import { installSearchAccelerator } from '../src/engine/search';
import { dataPath } from '../test/data-path';
import { kubernetesCommunity, sharedCorpus } from './corpora';

const root = resolve(__dirname, '..', '..');
const outDir = join(root, '.bench-out');
const SEEDS = Number(process.env.BENCH_COMPARE_SEEDS ?? 3);



function print(label: string, d: CompareData | Omit<CompareData, 'createdAt' | 'source' | 'files' | 'totalSeconds'>, seconds: number): void {
  const [a, b] = [d.rules[0]!, d.rules[1]!];
  console.log(`\n${label}: ${d.tokens.toLocaleString('en')} tokens trained on, vocabulary ${d.vocabSize.toLocaleString('en')}, ${d.hyperparameters.epochs} epochs, ${d.seeds} seeds; whole compare ${seconds.toFixed(1)} s`);
  console.log(`  within ${a.label} ${formatInterval(a.within!)}; within ${b.label} ${formatInterval(b.within!)}; between ${formatInterval(d.between)}; excess ${formatInterval(d.excess)}; matched seeds ${d.matched.toFixed(2)}; ${d.beyondNoise} of ${d.words} words beyond noise`);
  console.log(`  held-out top-10 %: ${a.label} ${formatInterval(a.heldOutTop10!, 1, 100)}, ${b.label} ${formatInterval(b.heldOutTop10!, 1, 100)}, difference ${d.heldOutDifference ? formatInterval(d.heldOutDifference.top10, 1, 100) : '–'} (${d.split.positions} positions, ${d.split.testSentences} sentences)`);
  for (const q of d.quality) {
    const f = (i: typeof q.perRule[number]) => (i ? formatInterval(i, q.kind === 'analogies' ? 1 : 3, q.kind === 'analogies' ? 100 : 1) : '–');
    console.log(`  ${q.file} (${q.items}/${q.total}${q.meaningful ? '' : ', too few'}): ${a.label} ${f(q.perRule[0]!)}, ${b.label} ${f(q.perRule[1]!)}, difference ${q.difference ? f(q.difference) : '–'}`);
  }
  console.log(`  time a seed: ${d.rules.map((r) => `${r.label} ${(r.seconds.reduce((x, y) => x + y, 0) / r.seconds.length).toFixed(1)} s at α ${r.alpha} (${r.alphaChosenBy})`).join(', ')}`);
  if (d.alphaSweep) for (const r of d.alphaSweep.rules) console.log(`  α sweep ${r.label}: validation top-10 % ${r.validationTop10.map((x, i) => `${d.alphaSweep!.grid[i]}: ${(x * 100).toFixed(1)}`).join(', ')} → ${r.chosen}`);
  console.log(`  verdict: ${d.verdict}`);
}

async function main(): Promise<void> {
  installSearchAccelerator();
  mkdirSync(outDir, { recursive: true });
  const out: Record<string, unknown> = {};
  const pick = (process.env.BENCH_COMPARE_CORPORA ?? 'k8s,shared').split(',');
  for (const name of pick) {
    const { builder, label } = name === 'k8s' ? kubernetesCommunity() : await sharedCorpus();
    const seen = builder.tokensSeen;
    const minCount = name === 'k8s' ? resolveMinCount(0, seen) : 5;
    const { vocab, corpus } = builder.finish({ minCount, shared: true });
    const epochs = name === 'k8s' ? resolveEpochs(0, corpus.tokens) : 5;
    const text = (f: string) => ({ name: f.split('/').pop()!, text: readFileSync(dataPath(f), 'utf8') });
    const evaluation = {
      analogies: text('analogy/questions-words.txt'),
      similarity: ['similarity/EN-WS-353-ALL.txt', 'similarity/EN-SIMLEX-999.txt', 'similarity/EN-MEN-TR-3k.txt'].map(text),
    };
    // BENCH_COMPARE_SWEEP=0: default α only; =only: the α sweep only (kubernetes-community)
    const sweep = process.env.BENCH_COMPARE_SWEEP;
    const grid = [0.025, 0.05, 0.075, 0.1];
    const grids = name !== 'k8s' || sweep === '0' ? [[]] : sweep === 'only' ? [grid] : [[], grid];
    for (const alphaGrid of grids) {
      const t0 = performance.now();
      const outcome = await runCompare(corpus, vocab, {
        ...DEFAULT_COMPARE, seeds: SEEDS, epochs, alphaGrid, base: { dim: 100, window: 5, negative: 5, threads: 2 }, ...evaluation,
      }, {
        train: (plan, c) => runPlan(plan, c, vocab),
        analyse: (task) => runAnalysis(task),
        step: (m) => console.log(`  ${m}`),
      });
      const seconds = (performance.now() - t0) / 1000;
      const key = `${name}${alphaGrid.length ? '-sweep' : ''}`;
      print(`${label}${alphaGrid.length ? ', α sweep' : ''}`, { ...outcome.data, minCount }, seconds);
      out[key] = { ...outcome.data, minCount, seconds };
    }
    if (name === 'k8s' && process.env.BENCH_COMPARE_PLACEBO !== '0') {
      // the placebo: one rule against itself, seeds 1-3 against 4-6, on the same training part of the corpus
      const train = splitHeldOut(corpus).train;
      const runs = await runPlan(trainPlan('placebo', 'cbow-corrected', seedList(2 * SEEDS), epochs, { dim: 100, window: 5, negative: 5, threads: 2 }), train, vocab);
      const lists = (from: number) => {
        const ens = ensembleEmbeddings([...vocab.words], 100, runs.slice(from, from + SEEDS).map((r) => r.result.embeddings.data));
        const perSeed: number[][][] = Array.from({ length: SEEDS }, () => []);
        for (let id = 0; id < Math.min(1000, vocab.size); id++) perSeedTop(ens, id, 10).forEach((l, s) => perSeed[s]!.push(l.ids));
        return perSeed;
      };
      const e = noiseAndEffect(lists(0), lists(SEEDS));
      console.log(`\nplacebo (corrected CBOW seeds 1-${SEEDS} against ${SEEDS + 1}-${2 * SEEDS}): excess ${formatInterval(e.excess)}; ${e.perWord.filter((w) => w.beyondNoise).length} of ${e.words} words flagged beyond noise`);
      out.placebo = { excess: e.excess, flagged: e.perWord.filter((w) => w.beyondNoise).length, words: e.words };
    }
  }
  writeFileSync(join(outDir, 'compare.json'), JSON.stringify(out, null, 1));
  console.log(`\nfigures: ${join(outDir, 'compare.json')}`);
}

void main().catch((e) => { console.error(e); process.exitCode = 1; });
