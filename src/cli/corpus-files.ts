// Reads files and folders from disk into a CorpusBuilder, streaming, for the CLI and benchmarks.
import { createReadStream, type Dirent } from 'node:fs';
import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { CorpusBuilder } from '../core/corpus';
import { pathSkipReason } from '../core/code/skip-rules';
import type { CorpusProcessor, FileSkip } from '../engine/corpus-processor';
import { decodeText, looksBinary } from '../core/text-detect';
import { firstInvalidUtf8 as exactInvalidUtf8 } from '../core/formats/shared';

export interface ReadReport {
  files: number;
  bytes: number;
  skipped: { binary: string[]; tooLarge: string[]; invalidUtf8: string[]; unreadable: string[] } & Partial<Record<RuleSkip, string[]>>;
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
 * Named files are always read as text (a .gz is gunzipped); folders are walked and filtered. With a `processor`
 * (whose builder is `builder`), files in folders go through the code extraction (core/code, engine/corpus-processor).
 */
export async function readCorpusFiles(paths: string[], builder: CorpusBuilder, maxFileBytes: number, processor?: CorpusProcessor): Promise<ReadReport> {
  const report: ReadReport = { files: 0, bytes: 0, skipped: { binary: [], tooLarge: [], invalidUtf8: [], unreadable: [] } };
  for (const path of paths) {
    const info = await stat(path).catch(() => {
      throw new CorpusFileError(`cannot read ${path}: no such file or folder`);
    });
    if (info.isDirectory()) {
      for await (const file of walk(path, new Set(), report)) {
        const rel = relative(path, file).split(sep).join('/');
        const why = processor ? pathSkipReason(rel) : undefined;
        if (why) (report.skipped[why] ??= []).push(file);
        else await readOne(file, builder, report, maxFileBytes, processor && { processor, rel });
      }
    } else {
      await streamOne(path, builder, report);
    }
  }
  return report;
}

async function* walk(dir: string, seen: Set<string>, report: ReadReport): AsyncGenerator<string> {
  let real: string;
  let entries: Dirent[];
  try {
    real = await realpath(dir);
    if (seen.has(real)) return; // a symlink loop
    seen.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    report.skipped.unreadable.push(dir); // vanished or unreadable since its parent was listed
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory() && !SKIP_DIRS.has(e.name)) yield* walk(full, seen, report);
    else if (e.isFile()) yield full;
    else if (e.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      if (target?.isDirectory()) yield* walk(full, seen, report);
      else if (target?.isFile()) yield full;
      else if (!target) report.skipped.unreadable.push(full); // dangling link or a link loop (ELOOP): counted, not silent
    }
  }
}

async function readOne(file: string, builder: CorpusBuilder, report: ReadReport, maxBytes: number, code?: { processor: CorpusProcessor; rel: string }): Promise<void> {
  let bytes: Buffer;
  try {
    if ((await lstat(file)).size > maxBytes) {
      report.skipped.tooLarge.push(file);
      return;
    }
    bytes = await readFile(file);
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
