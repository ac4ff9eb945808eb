// npm run bench: the engine on the whole shared corpus, three update rules, with kōan beside it when a
// koan binary is on PATH or named by KOAN_BIN, and gensim when python3-gensim is installed. Every model is
// scored by gensim (and by our evaluator) from the vectors the CLI writes. Prints figures; asserts nothing.
//   env: BENCH_MODELS, BENCH_SEEDS (default 1), BENCH_KOAN_MODELS (default BENCH_MODELS),
//        BENCH_GENSIM_MODELS (default cbow,sg), BENCH_GENSIM=0, BENCH_EPOCHS (default 5),
//        BENCH_CLI (another build's dist/cli.js, to score an older engine the same way: before/after quality),
//        BENCH_OUT (folder for vectors and tokens, default .bench-out)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { evaluateAnalogies, evaluateSimilarity } from '../src/core/evaluate';
import { readVectors } from '../src/core/formats';
import { installSearchAccelerator } from '../src/engine/search';
import { dataPath } from '../test/data-path';
import type { ModelKind } from '../src/core/model-kinds';
import { findKoan, koanArgs, runKoan } from './koan-peer';
import { writeTokens } from './tokens-file';

const root = resolve(__dirname, '..', '..');
const outDir = resolve(process.env.BENCH_OUT ?? join(root, '.bench-out'));
const SETTINGS = { dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, epochs: Number(process.env.BENCH_EPOCHS ?? 5), threads: 2 };
// BENCH_MODELS / BENCH_GENSIM_MODELS pick a subset; BENCH_GENSIM=0 skips gensim.
const MODELS = (process.env.BENCH_MODELS ?? 'cbow-corrected,cbow-word2vec,sg').split(',').filter(Boolean);
// BENCH_SEEDS=3 trains each of our rules with seeds 1..3 and adds their mean (quality is compared that way).
const SEEDS = Number(process.env.BENCH_SEEDS ?? 1);
const CLI = resolve(process.env.BENCH_CLI ?? join(root, 'dist', 'cli.js'));
const SIMS: [string, string][] = [['WS353', 'similarity/EN-WS-353-ALL.txt'], ['SimLex', 'similarity/EN-SIMLEX-999.txt'], ['MEN', 'similarity/EN-MEN-TR-3k.txt']];

interface Row {
  name: string; rule: string; seconds: number; wallSeconds?: number; wordsPerSecond: number; maxRssMB: number; budgetMB?: number; tokens?: number;
  ours?: Scores; gensim?: Scores;
}
interface Scores { total: number; semantic: number; syntactic: number; [sim: string]: number }

function ourScores(vectors: string): Scores {
  installSearchAccelerator(); // evaluation through dist/search.wasm: same answers as the JS loops
  // The CLI writes .bin as word2vec binary; naming the format spares the auto-detection, which can take
  // a binary file for text when the first vector's first byte is 0x0a.
  const emb = readVectors(readFileSync(vectors), vectors.endsWith('.bin') ? 'word2vec-binary' : 'auto');
  const a = evaluateAnalogies(emb, readFileSync(dataPath('analogy/questions-words.txt'), 'utf8'));
  const pct = (t: { correct: number; answered: number }) => t.correct / Math.max(1, t.answered);
  const s: Scores = { total: pct(a.all), semantic: pct(a.semantic), syntactic: pct(a.syntactic) };
  for (const [name, file] of SIMS) s[name] = evaluateSimilarity(emb, readFileSync(dataPath(file), 'utf8')).spearman;
  return s;
}

// Debian's python3-gensim lives in the system interpreter, which a pyenv or venv python3 on PATH hides.
const PYTHON = [process.env.BENCH_PYTHON, '/usr/bin/python3', 'python3'].find(
  (p) => p && spawnSync(p, ['-c', 'import gensim'], { stdio: 'ignore' }).status === 0,
);
const hasGensim = () => PYTHON !== undefined;

function gensim(args: object): Record<string, any> {
  const out = execFileSync(PYTHON!, [join(root, 'bench', 'gensim_peer.py'), JSON.stringify(args)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

function gensimScores(vectors: string): Scores {
  const r = gensim({ action: 'score', vectors, analogies: dataPath('analogy/questions-words.txt'), similarity: SIMS.map(([n, f]) => [n, dataPath(f)]) });
  return { ...r.analogy, ...Object.fromEntries(SIMS.map(([n]) => [n, r[n]])) };
}

// One of our rules with one seed, through the CLI as a user would run it.
function trainOurs(corpus: string, model: string, seed: number): Row {
  const vectors = join(outDir, `${model}-seed${seed}.bin`);
  const statsPath = join(outDir, `${model}-seed${seed}.json`);
  const wall = performance.now();
  execFileSync(process.execPath, [CLI, 'train', corpus, '--model', model, '--dim', `${SETTINGS.dim}`,
    '--window', `${SETTINGS.window}`, '--negative', `${SETTINGS.negative}`, '--min-count', `${SETTINGS.minCount}`,
    '--sample', `${SETTINGS.sample}`, '--epochs', `${SETTINGS.epochs}`, '--threads', `${SETTINGS.threads}`, '--seed', `${seed}`,
    '--out', vectors, '--stats-json', statsPath, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const wallSeconds = (performance.now() - wall) / 1000;
  const stats = JSON.parse(readFileSync(statsPath, 'utf8'));
  const row: Row = {
    name: `embedding-lens ${model} seed ${seed}`, rule: model, seconds: stats.trainSeconds, wallSeconds, wordsPerSecond: stats.wordsPerSecond,
    maxRssMB: stats.maxRssMB, budgetMB: stats.matricesMB + stats.corpusMB + 150, tokens: stats.tokens,
  };
  console.log(`${row.name}: wall ${wallSeconds.toFixed(1)} s (read ${stats.readSeconds.toFixed(1)} s, train ${stats.trainSeconds.toFixed(1)} s), ` +
    `${Math.round(stats.wordsPerSecond).toLocaleString('en')} words/s, peak RSS ${stats.maxRssMB.toFixed(0)} MB ` +
    `(budget: matrices ${stats.matricesMB.toFixed(0)} + corpus ${stats.corpusMB.toFixed(0)} + 150 = ${row.budgetMB!.toFixed(0)} MB), mean C ${stats.meanContextSize.toFixed(2)}`);
  row.ours = ourScores(vectors);
  if (hasGensim()) row.gensim = gensimScores(vectors);
  printScores(row);
  return row;
}

function mean(rows: Row[], name: string): Row {
  const avg = (f: (r: Row) => number | undefined) => rows.reduce((s, r) => s + (f(r) ?? Number.NaN), 0) / rows.length;
  const scores = (pick: (r: Row) => Scores | undefined): Scores | undefined => {
    if (rows.some((r) => !pick(r))) return undefined;
    return Object.fromEntries(Object.keys(pick(rows[0])!).map((k) => [k, avg((r) => pick(r)![k])])) as Scores;
  };
  return {
    name, rule: rows[0].rule, seconds: avg((r) => r.seconds), wallSeconds: avg((r) => r.wallSeconds), wordsPerSecond: avg((r) => r.wordsPerSecond),
    maxRssMB: Math.max(...rows.map((r) => r.maxRssMB)), tokens: rows[0].tokens, ours: scores((r) => r.ours), gensim: scores((r) => r.gensim),
  };
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const corpus = dataPath('corpus/en-prose.txt.gz');
  const rows: Row[] = [];
  const koan = findKoan();
  const koanModels = (process.env.BENCH_KOAN_MODELS ?? MODELS.join(',')).split(',').filter(Boolean);
  const tokens = join(outDir, 'tokens.txt');
  const needTokens = (koan && koanModels.length > 0) || (hasGensim() && process.env.BENCH_GENSIM !== '0');
  if (needTokens && !existsSync(tokens)) await writeTokens(corpus, tokens);
  console.log(`settings: ${JSON.stringify(SETTINGS)}; seeds 1..${SEEDS}; corpus ${corpus}`);
  console.log(`kōan: ${koan ?? 'none (build it from its public source; put koan on PATH or set KOAN_BIN)'}; gensim: ${PYTHON ?? 'none'}`);
  console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const model of MODELS) {
    const seeds: Row[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) seeds.push(trainOurs(corpus, model, seed));
    rows.push(...seeds);
    if (SEEDS > 1) rows.push(mean(seeds, `embedding-lens ${model} (mean of ${SEEDS} seeds)`));
    if (koan && koanModels.includes(model)) {
      const out = join(outDir, `koan-${model}.txt`);
      const r = await runKoan(koan, koanArgs(model as ModelKind, SETTINGS, tokens, out), outDir);
      const words = seeds[0].tokens! * SETTINGS.epochs;
      const row: Row = { name: `kōan ${model}`, rule: model, seconds: r.trainSeconds, wallSeconds: r.wallSeconds, wordsPerSecond: words / r.trainSeconds, maxRssMB: r.maxRssMB };
      console.log(`${row.name}: wall ${r.wallSeconds.toFixed(1)} s, train ${r.trainSeconds.toFixed(1)} s (epochs ${r.epochSeconds.map((x) => x.toFixed(1)).join(', ')} s; ` +
        `the first also parses the token file), peak RSS ${r.maxRssMB.toFixed(0)} MB`);
      row.ours = ourScores(out);
      if (hasGensim()) row.gensim = gensimScores(out);
      printScores(row);
      rows.push(row);
    }
  }
  if (hasGensim() && process.env.BENCH_GENSIM !== '0') {
    for (const model of (process.env.BENCH_GENSIM_MODELS ?? 'cbow,sg').split(',').filter(Boolean)) {
      const out = join(outDir, `gensim-${model}.txt`);
      const r = gensim({ action: 'train', corpus: tokens, model, out, ...SETTINGS });
      const row: Row = { name: `gensim 4 ${model}`, rule: `gensim-${model}`, seconds: r.seconds, wordsPerSecond: r.wordsPerSecond, maxRssMB: r.maxRssMB };
      console.log(`${row.name}: train ${r.seconds.toFixed(1)} s, ${Math.round(r.wordsPerSecond).toLocaleString('en')} words/s, peak RSS ${r.maxRssMB.toFixed(0)} MB, vocab ${r.vocab}`);
      row.ours = ourScores(out);
      row.gensim = gensimScores(out);
      printScores(row);
      rows.push(row);
    }
  } else {
    console.log('gensim: not installed (apt-get install python3-gensim), so no side-by-side run');
  }
  console.log(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  printTable(rows);
}

// Each run's scores as soon as they exist, so a long benchmark that stops early still has them.
function printScores(r: Row) {
  for (const [by, s] of [['gensim', r.gensim], ['embedding-lens', r.ours]] as const) {
    if (s) console.log(`  ${r.name} scored by ${by}: analogy ${(100 * s.total).toFixed(2)} % (sem ${(100 * s.semantic).toFixed(2)} / syn ${(100 * s.syntactic).toFixed(2)}), ` +
      SIMS.map(([n]) => `${n} ${s[n].toFixed(4)}`).join(', '));
  }
}

function printTable(rows: Row[]) {
  const f = (x: number | undefined, d = 3) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(d));
  const p = (x: number | undefined) => (x === undefined ? '-' : (100 * x).toFixed(1));
  console.log('\n| run | train s | wall s | words/s | peak RSS MB | analogy % (sem / syn) | WS353 | SimLex | MEN | scored by |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    for (const [by, s] of [['gensim', r.gensim], ['embedding-lens', r.ours]] as const) {
      if (!s) continue;
      console.log(`| ${r.name} | ${r.seconds.toFixed(1)} | ${f(r.wallSeconds, 1)} | ${Math.round(r.wordsPerSecond).toLocaleString('en')} | ${r.maxRssMB.toFixed(0)} | ` +
        `${p(s.total)} (${p(s.semantic)} / ${p(s.syntactic)}) | ${f(s.WS353)} | ${f(s.SimLex)} | ${f(s.MEN)} | ${by} |`);
    }
  }
  // Each ratio compares runs of this one invocation; ours is the mean over its seeds.
  const ours = (rule: string) => rows.find((r) => r.rule === rule && r.name.startsWith('embedding-lens') && (SEEDS === 1 || r.name.includes('mean')));
  const peer = (name: string) => rows.find((r) => r.name === name);
  const ratio = (a: Row | undefined, b: Row | undefined) => {
    if (!a || !b) return;
    const wall = a.wallSeconds && b.wallSeconds ? `; process wall ${(a.wallSeconds / b.wallSeconds).toFixed(2)}` : '';
    console.log(`time ratio ${a.name} / ${b.name}: train ${(a.seconds / b.seconds).toFixed(2)}${wall}`);
  };
  for (const rule of MODELS) {
    ratio(ours(rule), peer(`kōan ${rule}`));
    ratio(ours(rule), peer(rule === 'sg' ? 'gensim 4 sg' : 'gensim 4 cbow'));
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
