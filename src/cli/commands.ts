import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { CorpusBuilder } from '../core/corpus';
import { evaluateAnalogies, evaluateSimilarity } from '../core/evaluate';
import { readVectors, word2vecBinaryChunks, word2vecTextChunks } from '../core/formats';
import type { TokenizerOptions } from '../core/tokenize';
import type { VocabularyOptions } from '../core/vocab';
import { analogy, nearest } from '../core/query';
import type { Embeddings } from '../core/vectors';
import { MODEL_KINDS, train, TrainingCancelledError } from '../engine/train';
import { installSearchAccelerator } from '../engine/search';
import { choiceFlag, intFlag, last, numberFlag, parseArgs, UsageError } from './args';
import { collectGarbage } from './collect-garbage';
import { readCorpusFiles } from './corpus-files';
import { formatDuration } from '../core/format';
import { progressPrinter } from './progress';

type Out = (line: string) => void;

export async function trainCommand(argv: string[], out: Out, err: Out, signal: AbortSignal): Promise<void> {
  const args = parseArgs(argv, {
    values: ['model', 'dim', 'window', 'negative', 'min-count', 'max-vocab', 'sample', 'epochs', 'alpha', 'threads', 'seed', 'out', 'format', 'max-file-size', 'stats-json'],
    booleans: ['keep-hyphens', 'no-lowercase', 'quiet'],
  });
  if (args.positional.length === 0) throw new UsageError('train needs at least one file or folder');
  const outPath = last(args, 'out');
  if (!outPath) throw new UsageError('train needs --out <path> for the vectors');
  const format = choiceFlag(args, 'format', ['word2vec-text', 'word2vec-binary'] as const) ?? (outPath.endsWith('.bin') ? 'word2vec-binary' : 'word2vec-text');
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
  const { report, vocab, corpus } = await encode(args.positional, tokenizer, maxFileBytes, { minCount, maxSize });
  const { binary, tooLarge, invalidUtf8, unreadable } = report.skipped;
  const skips = [[binary, 'binary'], [tooLarge, `over ${maxFileBytes / 1024 / 1024} MB`], [invalidUtf8, 'not valid UTF-8'], [unreadable, 'unreadable']] as const;
  const skipped = skips.filter(([l]) => l.length).map(([l, why]) => `${l.length} ${why}`);
  err(`read ${report.files} file${report.files === 1 ? '' : 's'} (${(report.bytes / 1e6).toFixed(1)} MB)${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}`);
  if (report.files === 0) throw new UsageError('no text files to train on');
  collectGarbage();
  err(`${corpus.tokens.toLocaleString('en')} tokens, ${vocab.size.toLocaleString('en')} words with count >= ${minCount}, read in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (vocab.size < 2 || corpus.tokens < 10) {
    throw new UsageError(`too little text to train on (${corpus.tokens} tokens, ${vocab.size} distinct word${vocab.size === 1 ? '' : 's'} reach --min-count ${minCount}; at least 10 tokens and 2 distinct words are needed); add text or lower --min-count`);
  }

  const readSeconds = (performance.now() - started) / 1000;
  const result = await train(corpus, vocab, options, { signal, onProgress: args.flags.has('quiet') ? undefined : progressPrinter(process.stderr) });
  await writeAtomically(outPath, format === 'word2vec-binary' ? word2vecBinaryChunks(result.embeddings) : word2vecTextChunks(result.embeddings));
  err(`trained ${model} in ${formatDuration(result.seconds)} (${Math.round(result.wordsPerSecond).toLocaleString('en')} words/s, ` +
    `mean context ${result.meanContextSize.toFixed(2)}); wrote ${outPath} (${format})`);
  const statsPath = last(args, 'stats-json');
  if (statsPath) {
    await writeFile(statsPath, JSON.stringify({
      model, tokens: corpus.tokens, vocab: vocab.size, dim: result.options.dim, epochs: result.options.epochs,
      threads: result.options.threads, readSeconds,
      trainSeconds: result.seconds, wordsPerSecond: result.wordsPerSecond, meanContextSize: result.meanContextSize, kernel: result.kernel,
      maxRssMB: process.resourceUsage().maxRSS / 1024, corpusMB: corpus.ids.byteLength / 2 ** 20,
      matricesMB: (2 * vocab.size * result.options.dim * 4) / 2 ** 20,
    }));
  }
  out(outPath);
}

// The builder holds the temporary ids (as large as the corpus); returning only the encoded
// corpus lets it be collected before training allocates the model.
async function encode(paths: string[], tokenizer: TokenizerOptions, maxFileBytes: number, vocabulary: VocabularyOptions) {
  const builder = new CorpusBuilder(tokenizer);
  const report = await readCorpusFiles(paths, builder, maxFileBytes);
  return { report, ...builder.finish({ ...vocabulary, shared: true }) };
}

// Streamed beside the target, then renamed: an interrupted run never leaves a half-written file.
async function writeAtomically(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const file = await open(tmp, 'w');
    try {
      for (const chunk of chunks) {
        // write() may write only part of a chunk (a full disk reports a short write before ENOSPC): loop
        for (let off = 0; off < chunk.length;) {
          const { bytesWritten } = await file.write(chunk, off, chunk.length - off);
          if (bytesWritten <= 0) throw new Error('ENOSPC: no space left on device (short write)');
          off += bytesWritten;
        }
      }
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    // disk full, read-only folder, missing folder: a user can fix these, so one line, not a stack
    throw new UsageError(`cannot write ${path}: ${(e as Error).message}; nothing was written`);
  }
}

async function loadVectors(path: string | undefined): Promise<Embeddings> {
  if (!path) throw new UsageError('missing the vectors file');
  const bytes = await readFile(path).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  installSearchAccelerator(); // neighbours, analogies and eval through dist/search.wasm (same answers, faster)
  return readVectors(bytes);
}

export async function neighboursCommand(argv: string[], out: Out): Promise<void> {
  const args = parseArgs(argv, { values: ['k'], aliases: { n: 'k' } });
  const [file, word, ...rest] = args.positional;
  if (!word || rest.length) throw new UsageError('usage: neighbours <vectors> <word> [-k N]');
  const emb = await loadVectors(file);
  for (const n of nearest(emb, word, intFlag(args, 'k', 1, 100000) ?? 10)) out(`${n.word}\t${n.similarity.toFixed(4)}`);
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
