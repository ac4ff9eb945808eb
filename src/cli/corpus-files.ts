// Reads files and folders from disk into a CorpusBuilder, streaming, for the CLI and benchmarks.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { CorpusBuilder } from '../core/corpus';
import { pathSkipReason } from '../core/code/skip-rules';
import { walkRoots } from '../core/file-walk';
import { nodeWalkFs } from '../core/file-walk-node';
import type { CorpusProcessor, FileSkip } from '../engine/corpus-processor';
import { decodeText, looksBinary } from '../core/text-detect';
import { firstInvalidUtf8 as exactInvalidUtf8 } from '../core/formats/shared';

export interface ReadReport {
  files: number;
  bytes: number;
  skipped: { binary: string[]; tooLarge: string[]; invalidUtf8: string[]; unreadable: string[]; outside: number } & Partial<Record<RuleSkip, string[]>>;
}

export interface ReadOptions {
  /** follow symbolic links that lead out of the named folders (off: they are skipped and counted) */
  followLinks?: boolean;
  /** files in folders go through the code extraction (core/code, engine/corpus-processor); its builder is `builder` */
  processor?: CorpusProcessor;
}

type RuleSkip = 'lockfile' | 'generated' | 'vendored' | Exclude<FileSkip, 'binary' | 'invalidUtf8'>;

export class CorpusFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusFileError';
  }
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

/**
 * Named files are always read as text (a .gz is gunzipped); folders are walked (core/file-walk.ts): a symbolic
 * link is followed only when its target lies inside one of the named folders, unless `followLinks`. With a
 * `processor`, files in folders go through the code extraction.
 */
export async function readCorpusFiles(paths: string[], builder: CorpusBuilder, maxFileBytes: number, options: ReadOptions = {}): Promise<ReadReport> {
  const { processor } = options;
  const report: ReadReport = { files: 0, bytes: 0, skipped: { binary: [], tooLarge: [], invalidUtf8: [], unreadable: [], outside: 0 } };
  const infos = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => {
      throw new CorpusFileError(`cannot read ${path}: no such file or folder`);
    });
    infos.push({ path, folder: info.isDirectory() });
  }
  const folders = infos.filter((i) => i.folder).map((i) => i.path);
  for (const { path, folder } of infos) {
    if (folder) {
      const walked = await walkRoots(nodeWalkFs, [path], { skipFolders: SKIP_DIRS, followOutside: options.followLinks === true, alsoInside: folders });
      report.skipped.outside += walked.counts.outside;
      report.skipped.unreadable.push(...walked.unreadable);
      for (const file of walked.files) {
        const why = processor ? pathSkipReason(file.rel) : undefined;
        if (why) (report.skipped[why] ??= []).push(file.real);
        else await readOne(file.real, builder, report, maxFileBytes, processor && { processor, rel: file.rel });
      }
    } else {
      await streamOne(path, builder, report);
    }
  }
  return report;
}

// `file` is a real path (links resolved by the walk), so stat measures the file itself, not a link to it.
async function readOne(file: string, builder: CorpusBuilder, report: ReadReport, maxBytes: number, code?: { processor: CorpusProcessor; rel: string }): Promise<void> {
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (!info.isFile()) { // replaced by a folder or a device since the walk listed it
      report.skipped.unreadable.push(file);
      return;
    }
    if (info.size > maxBytes) {
      report.skipped.tooLarge.push(file);
      return;
    }
    bytes = await readFile(file);
    if (bytes.length > maxBytes) { // grew since the stat
      report.skipped.tooLarge.push(file);
      return;
    }
  } catch {
    report.skipped.unreadable.push(file); // vanished or unreadable since the walk listed it
    return;
  }
  if (code) {
    const outcome = await code.processor.addFile(code.rel, bytes);
    if (!outcome.used) {
      (report.skipped[outcome.reason] ??= []).push(file);
      return;
    }
    report.files++;
    report.bytes += bytes.length;
    return;
  }
  const decided = decodeText(bytes);
  if (decided.kind !== 'text') {
    report.skipped[decided.kind === 'binary' ? 'binary' : 'invalidUtf8'].push(file);
    return;
  }
  builder.addText(decided.text);
  report.files++;
  report.bytes += bytes.length;
}

// A file named on the command line is streamed (it may be a 100 MB corpus or a .gz of one),
// and anything wrong with it is an error rather than a skip.
async function streamOne(file: string, builder: CorpusBuilder, report: ReadReport): Promise<void> {
  const input = createReadStream(file);
  const stream = file.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (offset === 0 && looksBinary(chunk)) throw new CorpusFileError(`${file} looks like a binary file, not text`);
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new CorpusFileError(`${file} is not valid UTF-8 (near byte ${offset + firstInvalidUtf8(chunk)}${file.endsWith('.gz') ? ' of the uncompressed text' : ''})`);
      }
      builder.push(text);
      offset += chunk.length;
    }
    let tail: string;
    try {
      tail = decoder.decode(); // a multi-byte sequence cut off by the end of the file fails here
    } catch {
      throw new CorpusFileError(`${file} is not valid UTF-8 (it ends inside a multi-byte character, near byte ${offset})`);
    }
    builder.push(tail);
    builder.push('\n');
  } catch (err) {
    input.destroy();
    if (err instanceof CorpusFileError) throw err;
    throw new CorpusFileError(`cannot read ${file}: ${(err as Error).message}`);
  }
  report.files++;
  report.bytes += offset;
}

/** Offset of the first invalid UTF-8 sequence in a chunk (0 when the chunk itself is valid: the bad sequence began in the previous one). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  return Math.max(0, exactInvalidUtf8(bytes));
}
