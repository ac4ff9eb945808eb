// `embedding-lens compare`: the honest compare (engine/compare-pipeline.ts) from the command line. Prints the
// verdict and a table; writes DIR/compare.json, every run's input vectors as DIR/<rule>-seed<k>.bin (word2vec
// binary), its output vectors as DIR/<rule>-seed<k>-output.bin and the held-out test sentences as
// DIR/held-out-test.txt, so that other tools can recompute every number.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatInterval } from '../core/compare/stats';
import { word2vecBinaryChunks } from '../core/formats';
import { isModelKind, MODEL_KINDS, type ModelKind } from '../core/model-kinds';
import { Embeddings } from '../core/vectors';
import { runAnalysis } from '../engine/analysis';
import { DEFAULT_COMPARE, runCompare } from '../engine/compare-pipeline';
import { runPlan } from '../engine/plan-runner';
import { installSearchAccelerator } from '../engine/search';
import { intFlag, last, numberFlag, parseArgs, UsageError } from './args';
import { CORPUS_BOOLEAN_FLAGS, CORPUS_VALUE_FLAGS, readTrainingCorpus } from './read-corpus';
import { progressPrinter } from './progress';
import { writeAtomically } from './write';

type Out = (line: string) => void;

export async function compareCommand(argv: string[], out: Out, err: Out, signal: AbortSignal): Promise<void> {
  const args = parseArgs(argv, {
    values: ['rules', 'seeds', 'alpha-grid', 'dim', 'window', 'negative', 'min-count', 'max-vocab', 'sample', 'epochs', 'threads', 'analogies', 'similarity', 'out-dir', 'held-out', ...CORPUS_VALUE_FLAGS],
    booleans: ['equal-time', 'quiet', ...CORPUS_BOOLEAN_FLAGS],
  });
  if (args.positional.length === 0) throw new UsageError('compare needs at least one file or folder');
  const outDir = last(args, 'out-dir');
  if (!outDir) throw new UsageError('compare needs --out-dir <folder> for compare.json and the vectors');
  const rules = (last(args, 'rules') ?? 'cbow-word2vec,cbow-corrected').split(',').map((r) => r.trim());
  for (const r of rules) if (!isModelKind(r)) throw new UsageError(`--rules: unknown rule "${r}" (choose from ${MODEL_KINDS.join(', ')})`);
  if (rules.length < 2 || rules.length > 3 || rules[0] === rules[1] || (rules[2] !== undefined && rules[2] !== 'sg')) {
    throw new UsageError('--rules takes the two rules compared, then optionally sg as a reference: e.g. cbow-word2vec,cbow-corrected,sg');
  }
  const seeds = intFlag(args, 'seeds', 2, 10) ?? 3;
  const grid = (last(args, 'alpha-grid') ?? '').split(',').filter(Boolean).map(Number);
  if (grid.some((a) => !(a > 0 && a <= 1))) throw new UsageError('--alpha-grid takes learning rates in (0, 1], e.g. 0.025,0.05,0.075,0.1');
  const epochs = intFlag(args, 'epochs', 1, 1000) ?? 5;
  const minCount = intFlag(args, 'min-count', 1, 1e9) ?? 5;
  const heldOut = numberFlag(args, 'held-out', 0.001, 0.4) ?? 0.05;
  const read = (f: string) => readFile(f, 'utf8').catch(() => { throw new UsageError(`cannot read ${f}`); });
  const analogiesPath = last(args, 'analogies');
  const analogies = analogiesPath ? { name: path.basename(analogiesPath), text: await read(analogiesPath) } : undefined;
  const similarity = await Promise.all((args.flags.get('similarity') ?? []).map(async (f) => ({ name: path.basename(f), text: await read(f) })));

  installSearchAccelerator();
  const { report, vocab, corpus } = await readTrainingCorpus(args, { minCount, maxSize: intFlag(args, 'max-vocab', 1, 1e8) }, err);
  if (report.files === 0) throw new UsageError('no text files to compare on');
  if (vocab.size < 20 || corpus.tokens < 1000) throw new UsageError(`too little text to compare on (${corpus.tokens} tokens, ${vocab.size} distinct words reach --min-count ${minCount})`);
  err(`${corpus.tokens.toLocaleString('en')} tokens, vocabulary ${vocab.size.toLocaleString('en')}; ${rules.join(' vs ')} × ${seeds} seeds, ${epochs} epochs`);
  const printer = args.flags.has('quiet') ? undefined : progressPrinter(process.stderr);
  const started = performance.now();
  const outcome = await runCompare(corpus, vocab, {
    ...DEFAULT_COMPARE, pair: [rules[0] as ModelKind, rules[1] as ModelKind], seeds, epochs, alphaGrid: grid, skipGram: rules[2] === 'sg',
    equalTime: args.flags.has('equal-time'), split: { test: heldOut, validation: heldOut },
    base: {
      dim: intFlag(args, 'dim', 1, 4096), window: intFlag(args, 'window', 1, 100), negative: intFlag(args, 'negative', 0, 100),
      sample: numberFlag(args, 'sample', 0, 0.999), threads: intFlag(args, 'threads', 1, 256),
    },
    ...(analogies ? { analogies } : {}), similarity,
  }, {
    signal,
    train: (plan, trainCorpus, range) => runPlan(plan, trainCorpus, vocab, {
      signal, onProgress: printer && ((p) => printer({ ...p.engine, fraction: range[0] + p.fraction * (range[1] - range[0]), etaSeconds: Number.NaN })),
    }),
    analyse: (task) => runAnalysis(task, { signal }),
    step: (m) => err(m),
  });
  const seconds = (performance.now() - started) / 1000;

  await mkdir(outDir, { recursive: true }).catch((e: Error) => { throw new UsageError(`cannot create ${outDir}: ${e.message}`); });
  const words = [...vocab.words];
  const files: string[] = [];
  for (const rule of outcome.rules) {
    for (const o of rule.outcomes) {
      const base = `${rule.key}-seed${o.run.seed}`;
      await writeAtomically(path.join(outDir, `${base}.bin`), word2vecBinaryChunks(o.result.embeddings));
      await writeAtomically(path.join(outDir, `${base}-output.bin`), word2vecBinaryChunks(new Embeddings(words, o.result.options.dim, o.result.outputs)));
      files.push(`${base}.bin`, `${base}-output.bin`);
    }
  }
  await writeAtomically(path.join(outDir, 'held-out-test.txt'), [new TextEncoder().encode(outcome.test.map((s) => Array.from(s, (id) => words[id]).join(' ')).join('\n') + '\n')]);
  const d = outcome.data;
  const json = {
    verdict: d.verdict,
    corpus: { files: report.files, tokens: corpus.tokens, trainedOn: d.tokens, vocabulary: vocab.size, minCount, heldOut: d.split },
    hyperparameters: d.hyperparameters,
    rules: Object.fromEntries(d.rules.map((r) => [r.key, {
      label: r.label, alpha: r.alpha, alphaChosenBy: r.alphaChosenBy, epochs: r.epochs, seeds: r.seeds, seconds: r.seconds,
      withinOverlap10: r.within, heldOutTop1: r.heldOutTop1, heldOutTop10: r.heldOutTop10,
      ...(r.heldOutTop10VsCorrected ? { heldOutTop10VsPair: r.heldOutTop10VsCorrected } : {}),
      vectors: r.seeds.map((s) => `${r.key}-seed${s}.bin`), outputs: r.seeds.map((s) => `${r.key}-seed${s}-output.bin`),
    }])),
    pair: [d.rules[0]!.key, d.rules[1]!.key],
    betweenOverlap10: d.between,
    excessChange10: d.excess,
    matchedSeedOverlap10: d.matched,
    measured: { words: d.words, k: d.k, neighbours: 'cosine over the whole vocabulary of each seed; the words are the vocabulary’s first (most frequent) ones' },
    heldOutDifference: d.heldOutDifference,
    quality: d.quality,
    alphaSweep: d.alphaSweep,
    words: outcome.perWord,
    files,
    seconds,
  };
  await writeFile(path.join(outDir, 'compare.json'), JSON.stringify(json, null, 1));

  out(d.verdict);
  out('');
  const row = (cells: string[]) => out(cells.map((c, i) => (i === 0 ? c.padEnd(28) : c.padEnd(26))).join(''));
  row(['', ...d.rules.map((r) => r.label)]);
  row(['α', ...d.rules.map((r) => `${r.alpha} (${r.alphaChosenBy})`)]);
  row(['within-rule overlap@10', ...d.rules.map((r) => (r.within ? formatInterval(r.within) : '–'))]);
  row(['held-out top-10 %', ...d.rules.map((r) => (r.heldOutTop10 ? formatInterval(r.heldOutTop10, 1, 100) : '–'))]);
  for (const q of d.quality) row([`${q.file} (${q.items}/${q.total})`, ...d.rules.map((_, i) => (q.perRule[i] ? formatInterval(q.perRule[i]!, q.kind === 'analogies' ? 1 : 3, q.kind === 'analogies' ? 100 : 1) : '–'))]);
  row(['time a seed (s)', ...d.rules.map((r) => (r.seconds.reduce((a, b) => a + b, 0) / r.seconds.length).toFixed(1))]);
  out(`between the rules: ${formatInterval(d.between)}; excess change: ${formatInterval(d.excess)}; ${d.beyondNoise} of ${d.words} words changed beyond noise`);
  err(`wrote ${path.join(outDir, 'compare.json')} and ${files.length} vector files in ${seconds.toFixed(1)} s`);
}
