// Collects the workspace's text files for training: findFiles with the include globs, minus files.exclude,
// search.exclude, embeddingLens.exclude and .gitignore; read through vscode.workspace.fs (works for
// virtual workspaces); binary, oversized and invalid UTF-8 files are skipped and counted.
import * as vscode from 'vscode';
import { GitignoreMatcher, GlobSet } from '../core/gitignore';
import { decodeText } from '../core/text-detect';
import { languageOfPath } from '../core/code/languages';
import { pathSkipReason } from '../core/code/skip-rules';
import type { LearnedFrom } from '../core/code/source-report';
import { readSettings } from './settings';

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
}

export interface CollectReport {
  files: number; // files whose text was used
  bytes: number;
  candidates: number; // files found by the include globs
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

/** Brace-free patterns can go to findFiles' exclude; all of them are applied again afterwards. */
function findFilesExclude(patterns: readonly string[]): string | undefined {
  const simple = patterns.filter((p) => !/[{}]/.test(p) && !p.includes(','));
  if (simple.length === 0) return undefined;
  return simple.length === 1 ? simple[0] : `{${simple.join(',')}}`;
}

function enabledGlobs(setting: unknown): string[] {
  if (!setting || typeof setting !== 'object') return [];
  // `true` entries only; `{ when: ... }` sibling conditions are not supported and are ignored.
  return Object.entries(setting as Record<string, unknown>).filter(([, v]) => v === true).map(([k]) => k);
}

function relativePath(root: vscode.Uri, uri: vscode.Uri): string {
  const base = root.path.endsWith('/') ? root.path : root.path + '/';
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path.replace(/^\/+/, '');
}

export function emptySkipCounts(): SkipCounts {
  return { binary: 0, tooLarge: 0, invalidUtf8: 0, gitignored: 0, excluded: 0, unreadable: 0, lockfile: 0, generated: 0, vendored: 0, codeOff: 0, languageOff: 0 };
}

/** A file chosen for training; `rel` is its path below its workspace folder. */
export type FileJob = { uri: vscode.Uri; root: vscode.Uri; rel: string; maxBytes: number };

/** The selection stage: the files to read, in a stable order, and the report so far (candidates, skips). */
export async function selectWorkspaceFiles(options: CollectOptions = {}): Promise<{ jobs: FileJob[]; report: CollectReport }> {
  const roots = options.roots ?? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri);
  const skipped: SkipCounts = emptySkipCounts();
  const report: CollectReport = { files: 0, bytes: 0, candidates: 0, skipped, maxFileSizeKB: 0, folders: roots.length };
  const token = options.token;

  type Job = FileJob;
  const jobs: Job[] = [];
  const seen = new Set<string>();

  for (const root of roots) {
    const settings = readSettings(root);
    const include = options.include ?? settings.include;
    const extra = options.exclude ?? settings.exclude;
    const maxKB = options.maxFileSizeKB ?? settings.maxFileSizeKB;
    const code = settings.code;
    report.maxFileSizeKB = maxKB;
    const filesExclude = enabledGlobs(vscode.workspace.getConfiguration('files', root).get('exclude'));
    const searchExclude = enabledGlobs(vscode.workspace.getConfiguration('search', root).get('exclude'));
    const useIgnoreFiles = vscode.workspace.getConfiguration('search', root).get<boolean>('useIgnoreFiles', true) !== false;
    // Passing an exclude pattern turns off findFiles' default files.exclude, so all three sets go in explicitly.
    const excludeAll = [...filesExclude, ...searchExclude, ...extra];
    const globSet = new GlobSet(excludeAll);
    const excludeArg = findFilesExclude(excludeAll) ?? null;

    const ignore = new GitignoreMatcher();
    if (useIgnoreFiles) {
      const ignoreFiles = await vscode.workspace.findFiles(new vscode.RelativePattern(root, '**/.gitignore'), excludeArg, undefined, token);
      for (const uri of ignoreFiles) {
        const rel = relativePath(root, uri);
        const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
        try {
          ignore.add(dir, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
        } catch {
          // an unreadable .gitignore is treated as absent
        }
      }
    }

    for (const pattern of include) {
      if (token?.isCancellationRequested) throw new CollectCancelledError();
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(root, pattern), excludeArg, undefined, token);
      for (const uri of found) {
        const key = uri.toString();
        if (seen.has(key)) continue;
        seen.add(key);
        report.candidates++;
        const rel = relativePath(root, uri);
        const language = languageOfPath(rel);
        const why = pathSkipReason(rel) ?? (language && !code.enabled ? 'codeOff' : language && code.languages?.[language.id] === false ? 'languageOff' : undefined);
        if (globSet.matches(rel)) skipped.excluded++;
        else if (ignore.ignores(rel)) skipped.gitignored++;
        else if (why) skipped[why]++;
        else jobs.push({ uri, root, rel, maxBytes: maxKB * 1024 });
      }
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
      const stat = await vscode.workspace.fs.stat(job.uri);
      if (stat.size > job.maxBytes) {
        skipped.tooLarge++;
      } else {
        const bytes = await vscode.workspace.fs.readFile(job.uri);
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
