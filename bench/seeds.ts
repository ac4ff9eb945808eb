// npm run bench: what several seeds buy (issue 8). For each corpus, six seeds of one rule are trained, then:
//   - single vs single: overlap@10 of each of the 1,000 most frequent words between seed 1 and seed 4;
//   - ensemble vs ensemble: the same between the 3-seed ensemble of seeds 1-3 and that of seeds 4-6 (mean cosine);
//   - the ensemble's own stability (mean pairwise overlap@10 of seeds 1-3), as the model stats show it;
//   - wall time of 1 seed and of 3 seeds (training plus assembling the ensemble and its stability).
// Corpora: kubernetes-community (the workspace tarball, read as the extension reads it, automatic epochs and
// min-count) and the shared corpus at 5 epochs (tokenized as the engine bench does). BENCH_SEEDS_CORPORA=k8s,shared
// picks; BENCH_SEEDS_RULE picks the rule (default cbow-corrected). Prints figures; writes .bench-out/seeds.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveEpochs, resolveMinCount } from '../src/core/auto-params';
import { ensembleEmbeddings, stabilitySummary } from '../src/core/ensemble';
import { isModelKind, type ModelKind } from '../src/core/model-kinds';
import { cosineRows, topK } from '../src/core/query';
import type { Embeddings } from '../src/core/vectors';
import { seedList, trainPlan } from '../src/engine/plan';
import { runPlan } from '../src/engine/plan-runner';
import { installSearchAccelerator } from '../src/engine/search';
import { kubernetesCommunity, sharedCorpus } from './corpora';

const root = resolve(__dirname, '..', '..');
const outDir = join(root, '.bench-out');
const RULE: ModelKind = isModelKind(process.env.BENCH_SEEDS_RULE) ? process.env.BENCH_SEEDS_RULE : 'cbow-corrected';
const TOP = 1000;
const K = 10;

/** Each of the first `top` words' top-k neighbour ids, over the whole vocabulary. */
function topLists(emb: Embeddings, top: number): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < top; s += 64) {
    const ids = Array.from({ length: Math.min(64, top - s) }, (_, i) => s + i);
    cosineRows(emb, ids).forEach((row, i) => out.push(topK(row, K, new Set([ids[i]!]))));
  }
  return out;
}

function overlaps(a: number[][], b: number[][]): number[] {
  return a.map((x, i) => {
    const set = new Set(x);
    return b[i]!.filter((y) => set.has(y)).length / K;
  });
}

const median = (xs: number[]) => { const s = [...xs].sort((p, q) => p - q); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;



async function one(name: 'k8s' | 'shared'): Promise<Record<string, unknown>> {
  const { builder, label } = name === 'k8s' ? kubernetesCommunity() : await sharedCorpus();
  const seen = builder.tokensSeen;
  const minCount = name === 'k8s' ? resolveMinCount(0, seen) : 5;
  const { vocab, corpus } = builder.finish({ minCount, shared: true });
  const epochs = name === 'k8s' ? resolveEpochs(0, corpus.tokens) : 5;
  console.log(`\n${label}: ${corpus.tokens.toLocaleString('en')} tokens, vocabulary ${vocab.size.toLocaleString('en')} (min count ${minCount}), ${epochs} epochs, ${RULE}, dim 100, window 5, negative 5, 2 threads`);
  const plan = trainPlan('bench', RULE, seedList(6), epochs, { dim: 100, window: 5, negative: 5, threads: 2 });
  const runs = await runPlan(plan, corpus, vocab);
  const seconds = runs.map((r) => r.result.seconds);
  console.log(`  seeds trained in ${seconds.map((s) => `${s.toFixed(1)} s`).join(', ')}`);
  const words = [...vocab.words];
  const single = runs.map((r) => r.result.embeddings);
  const t0 = performance.now();
  const e1 = ensembleEmbeddings(words, 100, runs.slice(0, 3).map((r) => r.result.embeddings.data));
  const st = stabilitySummary(e1, { top: TOP })!;
  const assembleSeconds = (performance.now() - t0) / 1000;
  const e2 = ensembleEmbeddings(words, 100, runs.slice(3, 6).map((r) => r.result.embeddings.data));
  const top = Math.min(TOP, vocab.size);
  const singleVsSingle = overlaps(topLists(single[0]!, top), topLists(single[3]!, top));
  const ensVsEns = overlaps(topLists(e1, top), topLists(e2, top));
  const r = {
    corpus: label, tokens: corpus.tokens, vocab: vocab.size, epochs, minCount, rule: RULE, seedSeconds: seconds,
    singleVsSingle: { median: median(singleVsSingle), mean: mean(singleVsSingle) },
    ensembleVsEnsemble: { median: median(ensVsEns), mean: mean(ensVsEns) },
    ensembleStability: { median: st.median, mean: st.mean },
    wall: { oneSeed: seconds[0]!, threeSeeds: seconds[0]! + seconds[1]! + seconds[2]! + assembleSeconds, assembleSeconds },
  };
  console.log(`  overlap@10 over the ${top} most frequent words (median / mean):`);
  console.log(`    seed 1 vs seed 4 (one run each):          ${r.singleVsSingle.median.toFixed(2)} / ${r.singleVsSingle.mean.toFixed(3)}`);
  console.log(`    ensemble 1-3 vs ensemble 4-6 (3 seeds):   ${r.ensembleVsEnsemble.median.toFixed(2)} / ${r.ensembleVsEnsemble.mean.toFixed(3)}`);
  console.log(`    within ensemble 1-3 (the model's stability): ${st.median.toFixed(2)} / ${st.mean.toFixed(3)}`);
  console.log(`  wall time: 1 seed ${r.wall.oneSeed.toFixed(1)} s; 3 seeds ${r.wall.threeSeeds.toFixed(1)} s (${(r.wall.threeSeeds / r.wall.oneSeed).toFixed(2)}×), of which assembling and measuring stability ${assembleSeconds.toFixed(1)} s`);
  return r;
}

async function main(): Promise<void> {
  installSearchAccelerator();
  mkdirSync(outDir, { recursive: true });
  const pick = (process.env.BENCH_SEEDS_CORPORA ?? 'k8s,shared').split(',').filter((x): x is 'k8s' | 'shared' => x === 'k8s' || x === 'shared');
  const out: Record<string, unknown>[] = [];
  for (const name of pick) out.push(await one(name));
  writeFileSync(join(outDir, 'seeds.json'), JSON.stringify(out, null, 2));
  console.log(`\nfigures: ${join(outDir, 'seeds.json')}`);
}

void main().catch((e) => { console.error(e); process.exitCode = 1; });
