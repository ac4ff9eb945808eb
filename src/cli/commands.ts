import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { writeAtomically } from './write';
import path from 'node:path';
import { agreedNeighbours, ensembleEmbeddings, stabilitySummary } from '../core/ensemble';
import { writeModelFile, type ModelMatrix } from '../core/formats/model-file';
import { autoSeedCount, MAX_SEEDS, seedList, trainPlan, type PlannedRun } from '../engine/plan';
import { runPlan, type RunOutcome } from '../engine/plan-runner';
import { evaluateAnalogies, evaluateSimilarity } from '../core/evaluate';
import { word2vecBinaryChunks, word2vecTextChunks } from '../core/formats';
import { analogy, nearest } from '../core/query';
import { MODEL_KINDS, TrainingCancelledError } from '../engine/train';
import { choiceFlag, intFlag, last, numberFlag, parseArgs, UsageError } from './args';
import { collectGarbage } from './collect-garbage';
import { CORPUS_BOOLEAN_FLAGS, CORPUS_VALUE_FLAGS, readTrainingCorpus } from './read-corpus';
import { formatDuration } from '../core/format';
import { progressPrinter } from './progress';
import { hoverTarget, partsLabel, partsNeighbours } from '../core/identifier-hover';
import { terminalSafe } from '../core/visible-text';
import { loadVectorsArg, VECTOR_BOOLEAN_FLAGS, VECTOR_USAGE, VECTOR_VALUE_FLAGS } from './load-vectors';

type Out = (line: string) => void;

export async function trainCommand(argv: string[], out: Out, err: Out, signal: AbortSignal): Promise<void> {
  const args = parseArgs(argv, {
    values: ['model', 'dim', 'window', 'negative', 'min-count', 'max-vocab', 'sample', 'epochs', 'alpha', 'threads', 'seed', 'seeds', 'seed-budget', 'export-seeds', 'out', 'format', 'stats-json', ...CORPUS_VALUE_FLAGS],
    booleans: ['quiet', ...CORPUS_BOOLEAN_FLAGS],
  });
  if (args.positional.length === 0) throw new UsageError('train needs at least one file or folder');
  const outPath = last(args, 'out');
  if (!outPath) throw new UsageError('train needs --out <path> for the vectors');
  const format = choiceFlag(args, 'format', ['word2vec-text', 'word2vec-binary', 'emblens'] as const)
    ?? (outPath.endsWith('.bin') ? 'word2vec-binary' : outPath.endsWith('.emblens') ? 'emblens' : 'word2vec-text');
  const seedsFlag = last(args, 'seeds') ?? '1';
  if (seedsFlag !== 'auto' && !(/^\d+$/.test(seedsFlag) && Number(seedsFlag) >= 1 && Number(seedsFlag) <= MAX_SEEDS)) {
    throw new UsageError(`--seeds must be auto or an integer from 1 to ${MAX_SEEDS}, not "${seedsFlag}"`);
  }
  const budget = numberFlag(args, 'seed-budget', 1, 1e7) ?? 180;
  const exportSeeds = last(args, 'export-seeds');
  const model = choiceFlag(args, 'model', MODEL_KINDS) ?? 'cbow-corrected';
  const options = {
    model,
    dim: intFlag(args, 'dim', 1, 4096),
    window: intFlag(args, 'window', 1, 100),
    negative: intFlag(args, 'negative', 0, 100),
    sample: numberFlag(args, 'sample', 0, 0.999),
    epochs: intFlag(args, 'epochs', 1, 1000),
    alpha: numberFlag(args, 'alpha', 1e-6, 1),
    threads: intFlag(args, 'threads', 1, 256),
    seed: intFlag(args, 'seed', 0, Number.MAX_SAFE_INTEGER),
  };
  const minCount = intFlag(args, 'min-count', 1, 1e9) ?? 5;
  const maxSize = intFlag(args, 'max-vocab', 1, 1e8);

  const started = performance.now();
  const { report, vocab, corpus, learned } = await readTrainingCorpus(args, { minCount, maxSize }, err);
  if (report.files === 0) throw new UsageError('no text files to train on');
  collectGarbage();
  err(`${corpus.tokens.toLocaleString('en')} tokens, ${vocab.size.toLocaleString('en')} words with count >= ${minCount}, read in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (vocab.size < 2 || corpus.tokens < 10) {
    throw new UsageError(`too little text to train on (${corpus.tokens} tokens, ${vocab.size} distinct word${vocab.size === 1 ? '' : 's'} reach --min-count ${minCount}; at least 10 tokens and 2 distinct words are needed); add text or lower --min-count`);
  }

  const readSeconds = (performance.now() - started) / 1000;
  const { model: _model, seed, ...base } = options;
  const firstSeed = seed ?? 1;
  const seeds = seedsFlag === 'auto' ? [firstSeed] : seedList(Number(seedsFlag)).map((s) => s - 1 + firstSeed);
  const epochs = options.epochs ?? 5;
  const plan = trainPlan('cli', model, seeds, epochs, base, options.alpha);
  const printer = args.flags.has('quiet') ? undefined : progressPrinter(process.stderr);
  const outcomes = await runPlan(plan, corpus, vocab, {
    signal,
    onProgress: printer && ((p) => printer({ ...p.engine, fraction: p.fraction, etaSeconds: p.etaSeconds })),
    extend: seedsFlag === 'auto'
      ? (done: readonly RunOutcome[]): PlannedRun[] => (done.length === 1
        ? trainPlan('cli', model, seedList(autoSeedCount(done[0]!.result.seconds, { budgetSeconds: budget, min: 1, max: MAX_SEEDS })).slice(1).map((s) => s - 1 + firstSeed), epochs, base, options.alpha).runs
        : [])
      : undefined,
  });
  const result = outcomes[0]!.result;
  const n = outcomes.length;
  // one seed is its own ensemble: reusing it spares a second word index (a Map of the vocabulary) at the peak
  const ensemble = n === 1 ? result.embeddings : ensembleEmbeddings([...vocab.words], result.options.dim, outcomes.map((o) => o.result.embeddings.data));
  const stability = n > 1 ? stabilitySummary(ensemble) : undefined;
  if (exportSeeds) {
    await mkdir(exportSeeds, { recursive: true }).catch((e: Error) => { throw new UsageError(`cannot create ${exportSeeds}: ${e.message}`); });
    for (const o of outcomes) await writeAtomically(path.join(exportSeeds, `seed-${o.run.seed}.bin`), word2vecBinaryChunks(o.result.embeddings));
  }
  if (format === 'emblens') {
    const bytes = writeModelFile({
      header: {
        kind: model, label: `${path.basename(args.positional[0]!)} · ${model}${n > 1 ? ` · ${n} seeds` : ''}`, vocabSize: vocab.size, dim: result.options.dim,
        tokens: corpus.tokens, files: report.files, trainedAt: new Date().toISOString(), source: args.positional.join(' '),
        hyperparameters: { model, dim: result.options.dim, window: result.options.window, negative: result.options.negative, sample: result.options.sample,
          epochs: result.options.epochs, alpha: result.options.alpha, seed: firstSeed, seeds: n, threads: result.options.threads, minCount },
        counts: Array.from(vocab.counts),
        extra: { seconds: outcomes.reduce((s, o) => s + o.result.seconds, 0), ...(stability ? { stability } : {}) },
      },
      words: vocab.words,
      matrices: outcomes.flatMap((o): ModelMatrix[] => [
        { role: 'input', seed: o.run.seed, data: o.result.embeddings.data }, { role: 'output', seed: o.run.seed, data: o.result.outputs },
      ]),
    });
    await writeAtomically(outPath, [bytes]);
  } else {
    // word2vec formats carry one matrix: several seeds go out as the ensemble (cosine = mean cosine over them)
    await writeAtomically(outPath, format === 'word2vec-binary' ? word2vecBinaryChunks(ensemble) : word2vecTextChunks(ensemble));
  }
  const seconds = outcomes.reduce((s, o) => s + o.result.seconds, 0);
  err(`trained ${model}${n > 1 ? ` with ${n} seeds` : ''} in ${formatDuration(seconds)} (${Math.round(result.wordsPerSecond).toLocaleString('en')} words/s, ` +
    `mean context ${result.meanContextSize.toFixed(2)})${stability ? `; median stability of the ${stability.words} most frequent words ${stability.median.toFixed(2)}` : ''}; wrote ${outPath} (${format}${n > 1 && format !== 'emblens' ? `, the ensemble of ${n} seeds: ${n} × ${result.options.dim} dimensions` : ''})`);
  const statsPath = last(args, 'stats-json');
  if (statsPath) {
    await writeFile(statsPath, JSON.stringify({
      model, tokens: corpus.tokens, vocab: vocab.size, dim: result.options.dim, epochs: result.options.epochs,
      threads: result.options.threads, readSeconds, seeds: n, seedSeconds: outcomes.map((o) => o.result.seconds),
      ...(stability ? { medianStability: stability.median } : {}),
      trainSeconds: seconds, wordsPerSecond: result.wordsPerSecond, meanContextSize: result.meanContextSize, kernel: result.kernel,
      maxRssMB: process.resourceUsage().maxRSS / 1024, corpusMB: corpus.ids.byteLength / 2 ** 20,
      matricesMB: (2 * vocab.size * result.options.dim * 4) / 2 ** 20,
      learnedFrom: learned,
    }));
  }
  out(terminalSafe(outPath));
}

const vectorFlags = { values: VECTOR_VALUE_FLAGS, booleans: VECTOR_BOOLEAN_FLAGS };

export async function neighboursCommand(argv: string[], out: Out, err: Out, signal?: AbortSignal): Promise<void> {
  const args = parseArgs(argv, { values: ['k', ...vectorFlags.values], booleans: vectorFlags.booleans, aliases: { n: 'k' } });
  const [file, word, ...rest] = args.positional;
  if (!word || rest.length) throw new UsageError(`usage: neighbours <vectors> <word> [-k N] ${VECTOR_USAGE}`);
  const emb = await loadVectorsArg(file, args, err, signal);
  const k = intFlag(args, 'k', 1, 100000) ?? 10;
  // An identifier (HTTPAdapter, get_user_name) is looked up as the hover does: whole, else its parts combined.
  const target = emb.id(word) >= 0 ? undefined : hoverTarget((w) => emb.id(w) >= 0, word, word);
  if (target?.kind === 'parts') {
    out(`# ${terminalSafe(word)} is not in the vocabulary: neighbours of ${terminalSafe(partsLabel(target))}${target.missing.length ? ` (${target.missing.map((m) => terminalSafe(m)).join(', ')} not in the vocabulary)` : ''}`);
    for (const n of partsNeighbours(emb, target, k)) out(`${terminalSafe(n.word)}\t${n.similarity.toFixed(4)}`);
    return;
  }
  const w = target?.kind === 'word' ? target.word : word;
  if (w !== word) out(`# ${terminalSafe(word)} -> ${terminalSafe(w)}`);
  if (!emb.ensemble) {
    for (const n of nearest(emb, w, k)) out(`${terminalSafe(n.word)}\t${n.similarity.toFixed(4)}`);
    return;
  }
  // an ensemble: each neighbour's mean cosine, then in how many seeds' top K it is
  const r = agreedNeighbours(emb, w, k);
  for (const n of r.neighbours) out(`${terminalSafe(n.word)}\t${n.similarity.toFixed(4)}\t${n.agreement}/${r.seeds}`);
}

export async function analogyCommand(argv: string[], out: Out, err: Out, signal?: AbortSignal): Promise<void> {
  const args = parseArgs(argv, { values: ['method', 'k', ...vectorFlags.values], booleans: vectorFlags.booleans, aliases: { n: 'k' } });
  const [file, a, b, c, ...rest] = args.positional;
  if (!c || rest.length) throw new UsageError(`usage: analogy <vectors> <a> <b> <c> [--method add|mul] [-k N] ${VECTOR_USAGE}`);
  const emb = await loadVectorsArg(file, args, err, signal);
  const method = choiceFlag(args, 'method', ['add', 'mul'] as const) ?? 'add';
  for (const n of analogy(emb, a, b, c, { method, k: intFlag(args, 'k', 1, 100000) ?? 10 })) out(`${terminalSafe(n.word)}\t${n.similarity.toFixed(4)}`);
}

export async function evalCommand(argv: string[], out: Out, err: Out, signal?: AbortSignal): Promise<void> {
  const args = parseArgs(argv, { values: ['analogies', 'similarity', 'restrict', 'method', ...vectorFlags.values], booleans: vectorFlags.booleans });
  const [file, ...rest] = args.positional;
  if (!file || rest.length) throw new UsageError('usage: eval <vectors> [--analogies file] [--similarity file]...');
  const analogies = args.flags.get('analogies') ?? [];
  const sims = args.flags.get('similarity') ?? [];
  if (!analogies.length && !sims.length) throw new UsageError('eval needs --analogies <file> or --similarity <file>');
  const emb = await loadVectorsArg(file, args, err, signal);
  const read = (p: string) => readFile(p, 'utf8').catch(() => { throw new UsageError(`cannot read ${p}`); });
  for (const path of analogies) {
    const started = performance.now();
    const r = evaluateAnalogies(emb, await read(path), {
      restrictVocab: intFlag(args, 'restrict', 1, 1e9) ?? 300000,
      method: choiceFlag(args, 'method', ['add', 'mul'] as const) ?? 'add',
    });
    const line = (name: string, t: { correct: number; answered: number; skipped: number }) =>
      `${terminalSafe(name).padEnd(28)} ${t.answered ? ((100 * t.correct) / t.answered).toFixed(2).padStart(6) : '     -'} %  (${t.correct}/${t.answered}; ` +
      `coverage ${((100 * t.answered) / Math.max(1, t.answered + t.skipped)).toFixed(1)} %, ${t.skipped} skipped)`;
    out(`analogies: ${terminalSafe(path)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    for (const s of r.sections) out(`  ${line(s.name, s)}`);
    out(`  ${line('semantic', r.semantic)}`);
    out(`  ${line('syntactic', r.syntactic)}`);
    out(`  ${line('total', r.all)}`);
  }
  for (const path of sims) {
    const r = evaluateSimilarity(emb, await read(path));
    out(`similarity: ${terminalSafe(path)}  spearman ${Number.isFinite(r.spearman) ? r.spearman.toFixed(4) : '-'}  (${r.found}/${r.pairs} pairs, coverage ${(100 * r.coverage).toFixed(1)} %)`);
  }
}

export { TrainingCancelledError };
export { LoadCancelledError } from '../engine/load-cancelled';
