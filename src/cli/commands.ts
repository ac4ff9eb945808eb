import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { writeAtomically } from './write';
import path from 'node:path';
import { agreedNeighbours, ensembleEmbeddings, stabilitySummary } from '../core/ensemble';
import { MODEL_FILE_MAGIC, readModelFile, writeModelFile, type ModelMatrix } from '../core/formats/model-file';
import { modelEmbeddings } from '../core/ensemble';
import { autoSeedCount, MAX_SEEDS, seedList, trainPlan, type PlannedRun } from '../engine/plan';
import { runPlan, type RunOutcome } from '../engine/plan-runner';
import { evaluateAnalogies, evaluateSimilarity } from '../core/evaluate';
import { readVectors, word2vecBinaryChunks, word2vecTextChunks } from '../core/formats';
import type { TokenizerOptions } from '../core/tokenize';
import type { VocabularyOptions } from '../core/vocab';
import { analogy, nearest } from '../core/query';
import type { Embeddings } from '../core/vectors';
import { MODEL_KINDS, TrainingCancelledError } from '../engine/train';
import { installSearchAccelerator } from '../engine/search';
import { choiceFlag, intFlag, last, numberFlag, parseArgs, UsageError } from './args';
import { collectGarbage } from './collect-garbage';
import { readCorpusFiles } from './corpus-files';
import { formatDuration } from '../core/format';
import { progressPrinter } from './progress';
import { CorpusProcessor, DEFAULT_CODE_OPTIONS, type CodeOptions } from '../engine/corpus-processor';
import { CODE_PARTS, describeLearnedFrom, skipLabel } from '../core/code/source-report';
import { hoverTarget, partsLabel, partsNeighbours } from '../core/identifier-hover';

type Out = (line: string) => void;

export async function trainCommand(argv: string[], out: Out, err: Out, signal: AbortSignal): Promise<void> {
  const args = parseArgs(argv, {
    values: ['model', 'dim', 'window', 'negative', 'min-count', 'max-vocab', 'sample', 'epochs', 'alpha', 'threads', 'seed', 'seeds', 'seed-budget', 'export-seeds', 'out', 'format', 'max-file-size', 'stats-json', 'code-parts'],
    booleans: ['keep-hyphens', 'no-lowercase', 'quiet', 'no-code'],
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
  const maxFileBytes = (numberFlag(args, 'max-file-size', 0.001, 1e6) ?? 16) * 1024 * 1024;

  const started = performance.now();
  const tokenizer = { lowercase: !args.flags.has('no-lowercase'), hyphens: args.flags.has('keep-hyphens') ? 'keep' as const : 'split' as const };
  const code = codeFlags(args);
  const { report, vocab, corpus, learned } = await encode(args.positional, tokenizer, maxFileBytes, { minCount, maxSize }, code);
  const { binary, tooLarge, invalidUtf8, unreadable, ...byRule } = report.skipped;
  const skips = [[binary, 'binary'], [tooLarge, `over ${maxFileBytes / 1024 / 1024} MB`], [invalidUtf8, 'not valid UTF-8'], [unreadable, 'unreadable'],
    ...Object.entries(byRule).map(([why, l]) => [l ?? [], skipLabel(why)] as const)] as const;
  const skipped = skips.filter(([l]) => l.length).map(([l, why]) => `${l.length} ${why}`);
  err(`read ${report.files} file${report.files === 1 ? '' : 's'} (${(report.bytes / 1e6).toFixed(1)} MB)${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}`);
  for (const line of describeLearnedFrom(learned)) err(`  ${line}`);
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
  const ensemble = ensembleEmbeddings([...vocab.words], result.options.dim, outcomes.map((o) => o.result.embeddings.data));
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
      trainSeconds: seconds, wordsPerSecond: result.wordsPerSecond, meanContextSize: result.meanContextSize,
      maxRssMB: process.resourceUsage().maxRSS / 1024, corpusMB: corpus.ids.byteLength / 2 ** 20,
      matricesMB: (2 * vocab.size * result.options.dim * 4) / 2 ** 20,
      learnedFrom: learned,
    }));
  }
  out(outPath);
}

// The builder holds the temporary ids (as large as the corpus); returning only the encoded
// corpus lets it be collected before training allocates the model.
async function encode(paths: string[], tokenizer: TokenizerOptions, maxFileBytes: number, vocabulary: VocabularyOptions, code: CodeOptions) {
  // With --no-code too: source files are then left out (and counted), as with embeddingLens.code.enabled off.
  const processor = new CorpusProcessor({ tokenizer, code });
  const report = await readCorpusFiles(paths, processor.builder, maxFileBytes, processor);
  processor.learned.dropped.stopListed = processor.stopListed;
  return { report, learned: processor.learned, ...processor.builder.finish({ ...vocabulary, shared: true }) };
}

/** --no-code (prose files only, read whole) and --code-parts comments,strings,identifiers. */
function codeFlags(args: ReturnType<typeof parseArgs>): CodeOptions {
  const raw = last(args, 'code-parts');
  if (args.flags.has('no-code')) {
    if (raw !== undefined) throw new UsageError('--code-parts cannot be combined with --no-code');
    return { enabled: false, parts: [] };
  }
  if (raw === undefined) return DEFAULT_CODE_OPTIONS;
  const parts = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = parts.filter((p) => !(CODE_PARTS as readonly string[]).includes(p));
  if (bad.length || !parts.length) throw new UsageError(`--code-parts takes a comma-separated list of ${CODE_PARTS.join(', ')}, not "${raw}"`);
  return { enabled: true, parts: CODE_PARTS.filter((p) => parts.includes(p)) };
}

async function loadVectors(file: string | undefined): Promise<Embeddings> {
  if (!file) throw new UsageError('missing the vectors file');
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  installSearchAccelerator(); // neighbours, analogies and eval through dist/search.wasm (same answers, faster)
  // Embedding Lens's own model file (several seeds, with their agreement), or any word2vec-style file
  if (bytes.length >= 8 && bytes.subarray(0, 8).toString('latin1') === MODEL_FILE_MAGIC) return modelEmbeddings(readModelFile(bytes));
  return readVectors(bytes);
}

export async function neighboursCommand(argv: string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: ['k'], aliases: { n: 'k' } });
  const [file, word, ...rest] = args.positional;
  if (!word || rest.length) throw new UsageError('usage: neighbours <vectors> <word> [-k N]');
  const emb = await loadVectors(file);
  const k = intFlag(args, 'k', 1, 100000) ?? 10;
  // An identifier (HTTPAdapter, get_user_name) is looked up as the hover does: whole, else its parts combined.
  const target = emb.id(word) >= 0 ? undefined : hoverTarget((w) => emb.id(w) >= 0, word, word);
  if (target?.kind === 'parts') {
    out(`# ${word} is not in the vocabulary: neighbours of ${partsLabel(target)}${target.missing.length ? ` (${target.missing.join(', ')} not in the vocabulary)` : ''}`);
    for (const n of partsNeighbours(emb, target, k)) out(`${n.word}\t${n.similarity.toFixed(4)}`);
    return;
  }
  const w = target?.kind === 'word' ? target.word : word;
  if (w !== word) out(`# ${word} -> ${w}`);
  if (!emb.ensemble) {
    for (const n of nearest(emb, w, k)) out(`${n.word}\t${n.similarity.toFixed(4)}`);
    return;
  }
  // an ensemble: each neighbour's mean cosine, then in how many seeds' top K it is
  const r = agreedNeighbours(emb, w, k);
  for (const n of r.neighbours) out(`${n.word}\t${n.similarity.toFixed(4)}\t${n.agreement}/${r.seeds}`);
}

export async function analogyCommand(argv: string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: ['method', 'k'], aliases: { n: 'k' } });
  const [file, a, b, c, ...rest] = args.positional;
  if (!c || rest.length) throw new UsageError('usage: analogy <vectors> <a> <b> <c> [--method add|mul] [-k N]');
  const emb = await loadVectors(file);
  const method = choiceFlag(args, 'method', ['add', 'mul'] as const) ?? 'add';
  for (const n of analogy(emb, a, b, c, { method, k: intFlag(args, 'k', 1, 100000) ?? 10 })) out(`${n.word}\t${n.similarity.toFixed(4)}`);
}

export async function evalCommand(argv: string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: ['analogies', 'similarity', 'restrict', 'method'] });
  const [file, ...rest] = args.positional;
  if (!file || rest.length) throw new UsageError('usage: eval <vectors> [--analogies file] [--similarity file]...');
  const analogies = args.flags.get('analogies') ?? [];
  const sims = args.flags.get('similarity') ?? [];
  if (!analogies.length && !sims.length) throw new UsageError('eval needs --analogies <file> or --similarity <file>');
  const emb = await loadVectors(file);
  const read = (p: string) => readFile(p, 'utf8').catch(() => { throw new UsageError(`cannot read ${p}`); });
  for (const path of analogies) {
    const started = performance.now();
    const r = evaluateAnalogies(emb, await read(path), {
      restrictVocab: intFlag(args, 'restrict', 1, 1e9) ?? 300000,
      method: choiceFlag(args, 'method', ['add', 'mul'] as const) ?? 'add',
    });
    const line = (name: string, t: { correct: number; answered: number; skipped: number }) =>
      `${name.padEnd(28)} ${t.answered ? ((100 * t.correct) / t.answered).toFixed(2).padStart(6) : '     -'} %  (${t.correct}/${t.answered}; ` +
      `coverage ${((100 * t.answered) / Math.max(1, t.answered + t.skipped)).toFixed(1)} %, ${t.skipped} skipped)`;
    out(`analogies: ${path} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    for (const s of r.sections) out(`  ${line(s.name, s)}`);
    out(`  ${line('semantic', r.semantic)}`);
    out(`  ${line('syntactic', r.syntactic)}`);
    out(`  ${line('total', r.all)}`);
  }
  for (const path of sims) {
    const r = evaluateSimilarity(emb, await read(path));
    out(`similarity: ${path}  spearman ${Number.isFinite(r.spearman) ? r.spearman.toFixed(4) : '-'}  (${r.found}/${r.pairs} pairs, coverage ${(100 * r.coverage).toFixed(1)} %)`);
  }
}

export { TrainingCancelledError };
