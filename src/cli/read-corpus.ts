// The corpus that train and compare read from files and folders: the same flags, the same code extraction and
// the same report on stderr, so the two commands learn from exactly the same text.
import { CODE_PARTS, describeLearnedFrom, skipLabel } from '../core/code/source-report';
import { CorpusProcessor, DEFAULT_CODE_OPTIONS, type CodeOptions } from '../engine/corpus-processor';
import { last, numberFlag, UsageError, type parseArgs } from './args';
import { readCorpusFiles } from './corpus-files';

type Args = ReturnType<typeof parseArgs>;

export const CORPUS_VALUE_FLAGS = ['max-file-size', 'code-parts'] as const;
export const CORPUS_BOOLEAN_FLAGS = ['keep-hyphens', 'no-lowercase', 'no-code', 'follow-links'] as const;

/**
 * Reads the positional files and folders, prints what was read and skipped, and returns the encoded corpus.
 * Only the encoded corpus is returned, so the builder's temporary ids (as large as the corpus) can be collected
 * before training allocates the model.
 */
export async function readTrainingCorpus(args: Args, vocabulary: { minCount: number; maxSize?: number }, err: (line: string) => void) {
  const maxFileBytes = (numberFlag(args, 'max-file-size', 0.001, 1e6) ?? 16) * 1024 * 1024;
  const tokenizer = { lowercase: !args.flags.has('no-lowercase'), hyphens: args.flags.has('keep-hyphens') ? 'keep' as const : 'split' as const };
  // With --no-code too: source files are then left out (and counted), as with embeddingLens.code.enabled off.
  const processor = new CorpusProcessor({ tokenizer, code: codeFlags(args) });
  const report = await readCorpusFiles(args.positional, processor.builder, maxFileBytes, { processor, followLinks: args.flags.has('follow-links') });
  processor.learned.dropped.stopListed = processor.stopListed;
  const learned = processor.learned;
  const { binary, tooLarge, invalidUtf8, unreadable, outside, ...byRule } = report.skipped;
  const skips = [[binary.length, 'binary'], [tooLarge.length, `over ${maxFileBytes / 1024 / 1024} MB`], [invalidUtf8.length, 'not valid UTF-8'], [unreadable.length, 'unreadable'],
    [outside, `symbolic link${outside === 1 ? '' : 's'} outside the given folders (--follow-links reads them)`],
    ...Object.entries(byRule).map(([why, l]) => [l?.length ?? 0, skipLabel(why)] as const)] as const;
  const skipped = skips.filter(([n]) => n > 0).map(([n, why]) => `${n} ${why}`);
  err(`read ${report.files} file${report.files === 1 ? '' : 's'} (${(report.bytes / 1e6).toFixed(1)} MB)${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}`);
  for (const line of describeLearnedFrom(learned)) err(`  ${line}`);
  return { report, learned, ...processor.builder.finish({ ...vocabulary, shared: true }) };
}

/** --no-code (prose files only, read whole) and --code-parts comments,strings,identifiers. */
function codeFlags(args: Args): CodeOptions {
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
