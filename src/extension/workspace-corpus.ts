// Collects the workspace's text files for training: the include globs, minus files.exclude, search.exclude,
// embeddingLens.exclude and .gitignore, never outside the workspace folders (workspace-files.ts chooses them);
// read through vscode.workspace.fs (works for virtual workspaces); binary, oversized and invalid UTF-8 files
// are skipped and counted.
import * as vscode from 'vscode';
import { decodeText } from '../core/text-detect';
import { languageOfPath } from '../core/code/languages';
import { pathSkipReason } from '../core/code/skip-rules';
import type { LearnedFrom } from '../core/code/source-report';
import { readSettings } from './settings';
import { walkWorkspaceFolder } from './workspace-files';

export interface SkipCounts {
  binary: number;
  tooLarge: number;
  invalidUtf8: number;
  gitignored: number;
  excluded: number;
  unreadable: number;
  lockfile: number;
  generated: number; // by name here; by content in the corpus worker
  vendored: number;
  codeOff: number; // source files while embeddingLens.code.enabled is off
  languageOff: number;
  /** symbolic links leading out of the workspace folders (not followed) */
  outside: number;
}

export interface CollectReport {
  files: number; // files whose text was used
  bytes: number;
  candidates: number; // files found by the include globs (a git-ignored folder counts once)
  skipped: SkipCounts;
  maxFileSizeKB: number;
  folders: number;
  /** what the corpus worker learned from, per language and part (set by encodeWorkspace) */
  learnedFrom?: LearnedFrom;
}

export interface CollectOptions {
  /** Folders to search; default: the workspace folders. */
  roots?: readonly vscode.Uri[];
  include?: string[];
  exclude?: string[];
  maxFileSizeKB?: number;
  token?: vscode.CancellationToken;
  onFile?: (done: number, total: number) => void;
}

export class EmptyCorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmptyCorpusError';
  }
}

export class CollectCancelledError extends Error {
  constructor() {
    super('cancelled while reading files');
    this.name = 'CollectCancelledError';
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Yields to the event loop every few milliseconds of work and throws when cancelled: awaited throughout the walk. */
function checkpointer(token: vscode.CancellationToken | undefined): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (token?.isCancellationRequested) throw new CollectCancelledError();
    if (performance.now() - last < 8) return;
    await yieldToEventLoop();
    last = performance.now();
    if (token?.isCancellationRequested) throw new CollectCancelledError();
  };
}

export function emptySkipCounts(): SkipCounts {
  return { binary: 0, tooLarge: 0, invalidUtf8: 0, gitignored: 0, excluded: 0, unreadable: 0, lockfile: 0, generated: 0, vendored: 0, codeOff: 0, languageOff: 0, outside: 0 };
}

/** A file chosen for training: `uri` as walked (through links), `readUri` the real file to stat and read, `rel` its path below its workspace folder. */
export type FileJob = { uri: vscode.Uri; readUri: vscode.Uri; root: vscode.Uri; rel: string; maxBytes: number };

/** The selection stage: the files to read, in a stable order, and the report so far (candidates, skips). */
export async function selectWorkspaceFiles(options: CollectOptions = {}): Promise<{ jobs: FileJob[]; report: CollectReport }> {
  const roots = options.roots ?? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
  const skipped: SkipCounts = emptySkipCounts();
  const report: CollectReport = { files: 0, bytes: 0, candidates: 0, skipped, maxFileSizeKB: 0, folders: roots.length };
  const token = options.token;

  type Job = FileJob;
  const jobs: Job[] = [];
  const seen = new Set<string>();
  const checkpoint = checkpointer(token);

  for (const root of roots) {
    const settings = readSettings(root);
    const include = options.include ?? settings.include;
    const extra = options.exclude ?? settings.exclude;
    const maxKB = options.maxFileSizeKB ?? settings.maxFileSizeKB;
    const code = settings.code;
    report.maxFileSizeKB = maxKB;
    const selection = await walkWorkspaceFolder(root, roots, { include, exclude: extra }, checkpoint);
    const c = selection.counts;
    skipped.excluded += c.excluded;
    skipped.gitignored += c.gitignored;
    skipped.outside += c.outside;
    skipped.unreadable += c.unreadable;
    report.candidates += c.excluded + c.gitignored + c.outside + c.unreadable;
    for (const file of selection.files) {
      const key = file.readUri.toString();
      if (seen.has(key)) continue; // nested workspace folders, or links between them: each file once
      seen.add(key);
      report.candidates++;
      const language = languageOfPath(file.rel);
      const why = pathSkipReason(file.rel) ?? (language && !code.enabled ? 'codeOff' : language && code.languages?.[language.id] === false ? 'languageOff' : undefined);
      if (why) skipped[why]++;
      else jobs.push({ uri: file.uri, readUri: file.readUri, root, rel: file.rel, maxBytes: maxKB * 1024 });
      await checkpoint();
    }
  }

  // A stable order (so the same workspace gives the same corpus and the same model with the same seed).
  jobs.sort((a, b) => (a.uri.toString() < b.uri.toString() ? -1 : a.uri.toString() > b.uri.toString() ? 1 : 0));
  return { jobs, report };
}

/** Feeds every eligible file's text to `sink` (one call per file, on this thread) and reports what was used and skipped. */
export async function collectWorkspaceCorpus(sink: (text: string, uri: vscode.Uri) => void, options: CollectOptions = {}): Promise<CollectReport> {
  const { jobs, report } = await selectWorkspaceFiles(options);
  const { skipped } = report;
  const token = options.token;
  let done = 0;
  for (const job of jobs) {
    if (token?.isCancellationRequested) throw new CollectCancelledError();
    try {
      const stat = await vscode.workspace.fs.stat(job.readUri);
      if (stat.size > job.maxBytes) {
        skipped.tooLarge++;
      } else {
        const bytes = await vscode.workspace.fs.readFile(job.readUri);
        if (bytes.length > job.maxBytes) skipped.tooLarge++;
        else {
          const decision = decodeText(bytes);
          if (decision.kind === 'binary') skipped.binary++;
          else if (decision.kind === 'invalid-utf8') skipped.invalidUtf8++;
          else {
            sink(decision.text, job.uri);
            report.files++;
            report.bytes += bytes.length;
          }
        }
      }
    } catch {
      skipped.unreadable++;
    }
    done++;
    options.onFile?.(done, jobs.length);
    await yieldToEventLoop(); // keep hovers and the UI responsive
  }
  return report;
}

function size(kb: number): string {
  return kb >= 1024 && kb % 1024 === 0 ? `${kb / 1024} MB` : `${kb} KB`;
}

/** "skipped 3 binary, 2 over 2 MB, 1 invalid UTF-8" (empty when nothing was skipped). */
export function describeSkips(r: CollectReport): string {
  const s = r.skipped;
  const parts: string[] = [];
  if (s.binary) parts.push(`${s.binary} binary`);
  if (s.tooLarge) parts.push(`${s.tooLarge} over ${size(r.maxFileSizeKB)}`);
  if (s.invalidUtf8) parts.push(`${s.invalidUtf8} invalid UTF-8`);
  if (s.unreadable) parts.push(`${s.unreadable} unreadable`);
  if (s.outside) parts.push(`${s.outside} outside the workspace (symbolic links)`);
  if (s.gitignored) parts.push(`${s.gitignored} in .gitignore`);
  if (s.excluded) parts.push(`${s.excluded} excluded`);
  if (s.lockfile) parts.push(`${s.lockfile} lockfile${s.lockfile === 1 ? '' : 's'}`);
  if (s.generated) parts.push(`${s.generated} generated`);
  if (s.vendored) parts.push(`${s.vendored} vendored or build output`);
  if (s.codeOff) parts.push(`${s.codeOff} source (code off)`);
  if (s.languageOff) parts.push(`${s.languageOff} in languages turned off`);
  return parts.length ? `skipped ${parts.join(', ')}` : '';
}

/** The message for a workspace with nothing to train on, saying what to do. */
export function emptyCorpusMessage(r: CollectReport, reason: 'no-folder' | 'no-files' | 'too-few-tokens' | 'tiny-vocab', detail?: string): string {
  switch (reason) {
    case 'no-folder':
      return 'Embedding Lens: no folder is open. Open a folder that contains text files (Markdown, .txt, …), then run "Embedding Lens: Train Embeddings on Workspace".';
    case 'no-files': {
      const skips = describeSkips(r);
      return `Embedding Lens: found no text files to train on${skips ? ` (${skips})` : ''}. Open a folder with text files, or adjust the "embeddingLens.include" setting (now matching ${r.candidates} files).`;
    }
    case 'too-few-tokens':
      return `Embedding Lens: the workspace has too little text to train on (${detail}). Open a folder with more text files, or widen the "embeddingLens.include" setting.`;
    case 'tiny-vocab':
      return `Embedding Lens: too few distinct words to train on (${detail}). Add more text files, widen "embeddingLens.include", or lower "embeddingLens.minCount".`;
  }
}
