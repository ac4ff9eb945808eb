// npm run bench: the engine on the whole shared corpus, three update rules, with gensim beside it
// when python3-gensim is installed. Prints figures; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { evaluateAnalogies, evaluateSimilarity } from '../src/core/evaluate';
import { readVectors } from '../src/core/formats';
import { tokenize } from '../src/core/tokenize';
import { installSearchAccelerator } from '../src/engine/search';
import { dataPath } from '../test/data-path';

const root = resolve(__dirname, '..', '..');
const outDir = join(root, '.bench-out');
const SETTINGS = { dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, epochs: Number(process.env.BENCH_EPOCHS ?? 5), threads: 2 };
// BENCH_MODELS / BENCH_GENSIM_MODELS pick a subset; BENCH_GENSIM=0 skips gensim.
const MODELS = (process.env.BENCH_MODELS ?? 'cbow-corrected,cbow-word2vec,sg').split(',');
const SIMS: [string, string][] = [['WS353', 'similarity/EN-WS-353-ALL.txt'], ['SimLex', 'similarity/EN-SIMLEX-999.txt'], ['MEN', 'similarity/EN-MEN-TR-3k.txt']];

interface Row { name: string; seconds: number; wordsPerSecond: number; maxRssMB: number; budgetMB?: number; ours?: Scores; gensim?: Scores }
interface Scores { total: number; semantic: number; syntactic: number; [sim: string]: number }

function ourScores(vectors: string): Scores {
  installSearchAccelerator(); // evaluation through dist/search.wasm: same answers as the JS loops
  const emb = readVectors(readFileSync(vectors));
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

// gensim reads the very tokens our CLI trains on, one sentence per line.
async function writeTokens(corpus: string, path: string): Promise<void> {
  const out = createWriteStream(path);
  const lines = createInterface({ input: createReadStream(corpus).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    const tokens = tokenize(line, { lowercase: true, hyphens: 'split' });
    if (tokens.length && !out.write(`${tokens.join(' ')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const corpus = dataPath('corpus/en-prose.txt.gz');
  const rows: Row[] = [];
  console.log(`settings: ${JSON.stringify(SETTINGS)}; corpus ${corpus}`);
  for (const model of MODELS) {
    const vectors = join(outDir, `${model}.bin`);
    const statsPath = join(outDir, `${model}.json`);
    const wall = performance.now();
    execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'train', corpus, '--model', model, '--dim', `${SETTINGS.dim}`,
      '--window', `${SETTINGS.window}`, '--negative', `${SETTINGS.negative}`, '--min-count', `${SETTINGS.minCount}`,
      '--sample', `${SETTINGS.sample}`, '--epochs', `${SETTINGS.epochs}`, '--threads', `${SETTINGS.threads}`,
      '--out', vectors, '--stats-json', statsPath, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const stats = JSON.parse(readFileSync(statsPath, 'utf8'));
    const row: Row = {
      name: `embedding-lens ${model}`, seconds: stats.trainSeconds, wordsPerSecond: stats.wordsPerSecond, maxRssMB: stats.maxRssMB,
      budgetMB: stats.matricesMB + stats.corpusMB + 150,
    };
    console.log(`${row.name}: wall ${((performance.now() - wall) / 1000).toFixed(1)} s (read ${stats.readSeconds.toFixed(1)} s, train ${stats.trainSeconds.toFixed(1)} s), ` +
      `${Math.round(stats.wordsPerSecond).toLocaleString('en')} words/s, peak RSS ${stats.maxRssMB.toFixed(0)} MB ` +
      `(budget: matrices ${stats.matricesMB.toFixed(0)} + corpus ${stats.corpusMB.toFixed(0)} + 150 = ${row.budgetMB!.toFixed(0)} MB), mean C ${stats.meanContextSize.toFixed(2)}`);
    row.ours = ourScores(vectors);
    if (hasGensim()) row.gensim = gensimScores(vectors);
    rows.push(row);
  }
  if (hasGensim() && process.env.BENCH_GENSIM !== '0') {
    const tokens = join(outDir, 'tokens.txt');
    if (!existsSync(tokens)) await writeTokens(corpus, tokens);
    for (const model of (process.env.BENCH_GENSIM_MODELS ?? 'cbow,sg').split(',')) {
      const out = join(outDir, `gensim-${model}.txt`);
      const r = gensim({ action: 'train', corpus: tokens, model, out, ...SETTINGS });
      const row: Row = { name: `gensim 4 ${model}`, seconds: r.seconds, wordsPerSecond: r.wordsPerSecond, maxRssMB: r.maxRssMB };
      console.log(`${row.name}: train ${r.seconds.toFixed(1)} s, ${Math.round(r.wordsPerSecond).toLocaleString('en')} words/s, peak RSS ${r.maxRssMB.toFixed(0)} MB, vocab ${r.vocab}`);
      row.ours = ourScores(out);
      row.gensim = gensimScores(out);
      rows.push(row);
    }
  } else {
    console.log('gensim: not installed (apt-get install python3-gensim), so no side-by-side run');
  }
  printTable(rows);
}

function printTable(rows: Row[]) {
  const f = (x: number | undefined, d = 3) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(d));
  const p = (x: number | undefined) => (x === undefined ? '-' : (100 * x).toFixed(1));
  console.log('\n| run | train s | words/s | peak RSS MB | analogy % (sem / syn) | WS353 | SimLex | MEN | scored by |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    for (const [by, s] of [['gensim', r.gensim], ['embedding-lens', r.ours]] as const) {
      if (!s) continue;
      console.log(`| ${r.name} | ${r.seconds.toFixed(1)} | ${Math.round(r.wordsPerSecond).toLocaleString('en')} | ${r.maxRssMB.toFixed(0)} | ` +
        `${p(s.total)} (${p(s.semantic)} / ${p(s.syntactic)}) | ${f(s.WS353)} | ${f(s.SimLex)} | ${f(s.MEN)} | ${by} |`);
    }
  }
  const time = (name: string) => rows.find((r) => r.name === name)?.seconds;
  const ratio = (a: string, b: string) => {
    const [x, y] = [time(a), time(b)];
    if (x && y) console.log(`time ratio ${a} / ${b}: ${(x / y).toFixed(2)}`);
  };
  ratio('embedding-lens cbow-corrected', 'gensim 4 cbow');
  ratio('embedding-lens cbow-word2vec', 'gensim 4 cbow');
  ratio('embedding-lens sg', 'gensim 4 sg');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
