// embeddingLens.loadVectors, "Load Embeddings from File…": word2vec text and binary, fastText .vec,
// headerless text (GloVe, kōan), TensorFlow Projector TSV, Spark MLlib Word2VecModel folders. Nothing is read
// or parsed on the extension host's thread: the load worker (engine/vectors-loader.ts) reads the header (or
// counts lines, or reads Parquet footers) so the size can be shown first, then streams the file from disk
// into a SharedArrayBuffer that becomes the model without a copy. Progress in bytes and percent,
// cancellable (the notification's button, or embeddingLens.cancelLoad). Above embeddingLens.load.largeModelMB
// it offers the first N words; above embeddingLens.load.copyLimitMB the model is kept as a reference to the
// file instead of a copy (core/model-reference.ts). A cancelled or failed load changes nothing.
import * as vscode from 'vscode';
import { formatBytes, formatCount } from '../core/format';
import type { ModelFileHeader } from '../core/formats/model-file';
import type { ModelReference, ReferencedSource } from '../core/model-reference';
import { plainNotificationText } from '../core/notification-text';
import { LoadCancelledError } from '../engine/load-cancelled';
import { resolveSource, type SourceFormat, type SourceInfo, type VectorSource } from '../engine/vector-files';
import { loadVectors, probeVectors, type LoadProgress } from '../engine/vectors-loader';
import type { ModelInfo, ModelService } from './model-service';
import { readSettings } from './settings';

export interface LoadArgs {
  uri?: vscode.Uri;
  /** without a uri: which picker to show ('file' or 'spark') instead of asking */
  pick?: 'file' | 'spark';
  format?: SourceFormat | 'auto';
  /** Projector TSV: its metadata file, the label column (header name or 0-based index), a header row */
  metadataUri?: vscode.Uri;
  labelColumn?: string | number;
  header?: boolean;
  /** 'all', or only the first N words; without it, a file above embeddingLens.load.largeModelMB asks */
  limit?: number | 'all';
}

/** What a progress report tells the hooks (tests cancel and hover at points defined by it). */
export interface LoadProgressEvent extends LoadProgress {
  fraction: number;
}

const MiB = 2 ** 20;
/** The progress notification is updated at most this often. */
const REPORT_MS = 200;

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
}

const shownName = (uri: vscode.Uri) => plainNotificationText(basename(uri));
const errorText = (e: unknown) => plainNotificationText(e instanceof Error ? e.message : String(e));

function formatName(info: SourceInfo): string {
  switch (info.format) {
    case 'word2vec-binary': return 'word2vec binary';
    case 'word2vec-text': case 'fasttext-vec': return 'word2vec text';
    case 'headerless-text': return 'headerless text';
    case 'projector-tsv': return 'Projector TSV';
    case 'spark-ml': return `Spark ML${info.sparkVersion ? ` ${info.sparkVersion}` : ''}`;
  }
}

/** "3,000,000 words × 300 (3.35 GB)", "up to 400,000 words × 100" for a headerless file's line count. */
export function sizeText(words: number, dim: number, exact = true): string {
  return `${exact ? '' : 'up to '}${words.toLocaleString('en')} words × ${dim} (${formatBytes(words * dim * 4)})`;
}

export class LoadController {
  /** For tests and monitoring: called on every progress report; a returned promise is awaited before the load completes. */
  readonly hooks: { onProgress?: (p: LoadProgressEvent) => void | Promise<void> } = {};
  private running: AbortController | undefined;

  constructor(private readonly models: ModelService, private readonly log?: vscode.LogOutputChannel) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** embeddingLens.cancelLoad */
  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  /** Returns the new model's info, or undefined (cancelled or failed; the user is told). */
  async run(args: LoadArgs = {}): Promise<ModelInfo | undefined> {
    if (this.running) {
      void vscode.window.showInformationMessage('Embedding Lens: a file is loading already; cancel it first ("Embedding Lens: Cancel Loading Embeddings").');
      return undefined;
    }
    const uri = args.uri instanceof vscode.Uri ? args.uri : await this.pick(args.pick);
    if (!uri) return undefined;
    const controller = new AbortController();
    this.running = controller;
    void vscode.commands.executeCommand('setContext', 'embeddingLens.loading', true);
    try {
      return await this.load(uri, args, controller.signal);
    } finally {
      this.running = undefined;
      void vscode.commands.executeCommand('setContext', 'embeddingLens.loading', false);
    }
  }

  /**
   * One open dialog. Where a dialog can pick files and folders alike (the web, remote windows, macOS), a Spark
   * model folder is picked as it is; elsewhere (Windows and Linux dialogs pick one or the other) any file
   * inside it will do (resolveSource finds the folder).
   */
  private async pick(kind?: 'file' | 'spark'): Promise<vscode.Uri | undefined> {
    const both = vscode.env.uiKind === vscode.UIKind.Web || vscode.env.remoteName !== undefined || process.platform === 'darwin';
    const picked = await vscode.window.showOpenDialog(kind === 'spark'
      ? { canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Load Spark Model', title: 'Embedding Lens: Load a Spark ML Word2VecModel Folder' }
      : {
        canSelectFiles: true, canSelectFolders: both, canSelectMany: false, openLabel: 'Load Embeddings',
        title: both ? 'Embedding Lens: Load Embeddings from a File or a Spark ML Model Folder' : 'Embedding Lens: Load Embeddings from File (for a Spark ML model folder, pick any file in it)',
        filters: { 'Word vectors (word2vec, fastText, GloVe, Projector, Spark)': ['vec', 'txt', 'bin', 'w2v', 'emb', 'tsv', 'parquet'], 'All files': ['*'] },
      });
    return picked?.[0];
  }

  private async load(uri: vscode.Uri, args: LoadArgs, signal: AbortSignal): Promise<ModelInfo | undefined> {
    const shown = shownName(uri);
    const settings = readSettings();
    const local = uri.scheme === 'file';
    try {
      const source = await this.source(uri, args, local);
      if (!source) return undefined;
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Embedding Lens: loading ${shown}`, cancellable: true },
        async (progress, token) => {
          const onCancel = token.onCancellationRequested(() => this.running?.abort());
          try {
            let shownPercent = 0;
            let shownAt = 0;
            let sizeLine = '';
            const onProgress = (p: LoadProgress): void | Promise<void> => {
              const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
              const percent = Math.floor(100 * fraction);
              // the notification is redrawn by the workbench: a few times a second is enough
              const now = performance.now();
              if (now - shownAt >= REPORT_MS || p.done >= p.total) {
                shownAt = now;
                const what = p.phase === 'count' ? 'counting lines: ' : sizeLine ? `${sizeLine}: ` : '';
                progress.report({ message: `${what}${formatBytes(p.done)} of ${formatBytes(p.total)} (${percent} %)`, increment: p.phase === 'read' ? Math.max(0, percent - shownPercent) : undefined });
                if (p.phase === 'read') shownPercent = Math.max(shownPercent, percent);
              }
              return this.hooks.onProgress?.({ ...p, fraction });
            };
            progress.report({ message: 'reading the header…' });
            let info = await probeVectors(source, { signal, onProgress });
            const chosen = await this.chooseProjectorOptions(source, info, args, signal, onProgress);
            if (!chosen) return undefined;
            ({ info } = chosen);
            const src = chosen.source;
            if (info.words === 0 || info.dim === 0) throw new Error('the file holds no vectors');
            const limit = await this.chooseLimit(uri, info, args, settings.loadLargeModelMB);
            if (limit === undefined) return undefined;
            const maxWords = limit === 'all' || limit >= info.words ? undefined : limit;
            const words = maxWords ?? info.words;
            const matrixBytes = words * info.dim * 4;
            const asReference = local && matrixBytes > settings.loadCopyLimitMB * MiB;
            sizeLine = `${sizeText(words, info.dim, info.exact || maxWords !== undefined)}, ${formatName(info)}`;
            progress.report({ message: sizeLine });
            const label = this.label(uri, info, maxWords);
            const header: ModelFileHeader = {
              kind: 'imported', label, vocabSize: 0, dim: 0, tokens: 0, files: 0, trainedAt: new Date().toISOString(), source: uri.toString(),
              hyperparameters: { format: info.format, ...(maxWords ? { maxWords } : {}), ...(info.labelColumn !== undefined ? { labelColumn: info.labelColumn } : {}) },
            };
            const loaded = await loadVectors(src, { info, maxWords, fingerprint: asReference, ...(asReference ? {} : { encode: header }) }, { signal, onProgress });
            if (signal.aborted) throw new LoadCancelledError();
            const emb = loaded.embeddings;
            if (emb.size === 0) throw new Error('the file holds no vectors');
            progress.report({ message: asReference ? 'recording where it is…' : `saving a copy (${formatBytes(loaded.encoded!.length)})…` });
            const id = `imported-${label.replace(/ \(first .*\)$/, '')}`;
            let stored: ModelInfo;
            if (asReference) {
              const fp = loaded.fingerprint!;
              const reference: ModelReference = {
                version: 1, source: referencedSource(src, uri, loaded.info), files: fp.files.map((f) => f!), hash: fp.hash!,
                ...(maxWords ? { maxWords } : {}), ...(loaded.info.rowsHint !== undefined ? { lines: loaded.info.rowsHint } : {}),
              };
              stored = await this.models.addImported(id, { summary: { label, kind: 'imported', vocabSize: emb.size, tokens: 0, dim: emb.dim, trainedAt: header.trainedAt, files: 0, source: uri.toString(), seeds: 1 }, reference }, emb, true);
            } else {
              stored = await this.models.addImported(id, { header: { ...header, vocabSize: emb.size, dim: emb.dim }, encoded: loaded.encoded! }, emb, true);
            }
            return { stored, info: loaded.info, maxWords, asReference, renamed: loaded.renamed };
          } finally {
            onCancel.dispose();
          }
        },
      );
      if (!result) return undefined;
      const { stored, info, maxWords, asReference, renamed } = result;
      const parts = [
        `loaded ${stored.vocabSize.toLocaleString('en')} vectors (${stored.dim} dimensions) from ${shown}`,
        maxWords ? `the first ${maxWords.toLocaleString('en')} of ${info.words.toLocaleString('en')} words${info.frequencyOrdered ? '' : ' (in the order the files store them)'}` : '',
        renamed ? `${renamed.toLocaleString('en')} repeated labels were numbered ("word#2")` : '',
        asReference ? `not copied: read from the file when needed (above ${settings.loadCopyLimitMB} MB, embeddingLens.load.copyLimitMB)` : '',
      ].filter(Boolean);
      this.log?.info(`loaded ${uri.toString()}: ${parts.join('; ')}`);
      void vscode.window.showInformationMessage(`Embedding Lens: ${parts.join('; ')}. It is now the active model.`);
      return stored;
    } catch (e) {
      if (e instanceof LoadCancelledError || signal.aborted) {
        void vscode.window.showInformationMessage(`Embedding Lens: loading ${shown} was cancelled; the previous model is still active.`);
        return undefined;
      }
      this.log?.error(`could not load ${uri.toString()}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      void vscode.window.showErrorMessage(`Embedding Lens: could not load ${shown}: ${errorText(e)}`);
      return undefined;
    }
  }

  /** What to read: a local path for the worker, or (a virtual file system) the file's bytes. */
  private async source(uri: vscode.Uri, args: LoadArgs, local: boolean): Promise<VectorSource | undefined> {
    if (!local) {
      if (args.format === 'spark-ml' || args.format === 'projector-tsv') throw new Error(`${args.format === 'spark-ml' ? 'Spark folders' : 'Projector files'} can be loaded from local files only`);
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) throw new Error('Spark folders can be loaded from local files only');
      const bytes = await vscode.workspace.fs.readFile(uri);
      // shared, so the probe and the load workers both read it without a copy each
      const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
      shared.set(bytes);
      return { kind: 'bytes', bytes: shared, name: basename(uri), format: (args.format ?? 'auto') as never };
    }
    const metadata = args.metadataUri instanceof vscode.Uri ? args.metadataUri.fsPath : undefined;
    const src = await resolveSource(uri.fsPath, args.format ?? 'auto', metadata);
    if (src.kind !== 'projector') return src;
    let metadataPath = src.metadataPath;
    if (src.metadataMissing) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false, openLabel: 'Use These Labels', defaultUri: vscode.Uri.joinPath(uri, '..'),
        title: `Embedding Lens: ${basename(uri)} is Projector TSV: choose the metadata.tsv that labels its rows`, filters: { 'TSV': ['tsv', 'txt'], 'All files': ['*'] },
      });
      if (!picked?.[0]) return undefined;
      metadataPath = picked[0].fsPath;
    }
    return {
      kind: 'projector', path: src.path, metadataPath,
      ...(args.labelColumn !== undefined ? { labelColumn: args.labelColumn } : {}), ...(args.header !== undefined ? { header: args.header } : {}),
    };
  }

  /** Projector metadata: the label column (asked when there are several), and a header row (asked when unclear). */
  private async chooseProjectorOptions(source: VectorSource, info: SourceInfo, args: LoadArgs, signal: AbortSignal, onProgress: (p: LoadProgress) => void | Promise<void>):
    Promise<{ source: VectorSource; info: SourceInfo } | undefined> {
    if (source.kind !== 'projector') return { source, info };
    let src = source;
    const columns = info.columns ?? [];
    if (info.header === false && args.header === undefined && info.rowsHint !== undefined && info.words === info.rowsHint + 1) {
      const first = columns[0] ?? '';
      const yes = 'Yes, a Header Row';
      const pick = await vscode.window.showWarningMessage(
        `Embedding Lens: the labels file has one line more than ${basename(vscode.Uri.file(source.path))} has rows. Is its first line a header row, not a label?`,
        { modal: true, detail: `The Projector treats a one-column file as having no header row. First line: ${first.slice(0, 80)}` }, yes, 'No, Load It as It Is');
      if (!pick) throw new LoadCancelledError();
      if (pick === yes) {
        src = { ...src, header: true };
        info = await probeVectors(src, { signal, onProgress });
      }
    }
    const names = info.columns ?? [];
    if (info.header && names.length > 1 && args.labelColumn === undefined) {
      const likely = names.findIndex((c) => /^(word|token|label|text|name)s?$/i.test(c));
      const items = names.map((c, i) => ({ label: c || `column ${i + 1}`, description: i === likely ? 'probably the words' : `column ${i + 1}`, index: i }));
      if (likely > 0) items.unshift(...items.splice(likely, 1));
      const pick = await vscode.window.showQuickPick(items, { title: 'Embedding Lens: which column of the metadata names the rows?', placeHolder: 'The label column (repeated labels are numbered: bank, bank#2, …)' });
      if (!pick) throw new LoadCancelledError();
      src = { ...src, labelColumn: pick.index };
      info = { ...info, labelColumn: pick.index };
    } else if (src.labelColumn === undefined) {
      src = { ...src, labelColumn: 0 };
    }
    return { source: src, info };
  }

  /** 'all', a number of words, or undefined (the user cancelled). */
  private async chooseLimit(uri: vscode.Uri, info: SourceInfo, args: LoadArgs, largeMB: number): Promise<number | 'all' | undefined> {
    if (args.limit === 'all') return 'all';
    if (typeof args.limit === 'number' && Number.isInteger(args.limit) && args.limit > 0) return args.limit;
    const bytes = info.words * info.dim * 4;
    if (bytes <= largeMB * MiB) return 'all';
    const fits = Math.max(1, Math.floor((largeMB * MiB) / (info.dim * 4)));
    const first = `Load the First ${fits.toLocaleString('en')} Words`;
    const all = `Load All ${info.words.toLocaleString('en')}`;
    const other = 'Another Number…';
    const pick = await vscode.window.showWarningMessage(
      `Embedding Lens: ${shownName(uri)} holds ${sizeText(info.words, info.dim, info.exact)} of vectors, more than the ${formatBytes(largeMB * MiB)} set in embeddingLens.load.largeModelMB.`,
      {
        modal: true,
        detail: info.frequencyOrdered
          ? `word2vec, fastText and GloVe files list the most frequent words first, so the first ${fits.toLocaleString('en')} words (${formatBytes(fits * info.dim * 4)}) keep the common vocabulary.`
          : `This ${formatName(info)} model stores its words in no particular order: the first ${fits.toLocaleString('en')} would be an arbitrary ${formatCount(fits)} of them.`,
      },
      first, all, other,
    );
    if (pick === first) return fits;
    if (pick === all) return 'all';
    if (pick !== other) return undefined;
    const typed = await vscode.window.showInputBox({
      title: 'Embedding Lens: how many words to load', value: String(fits), prompt: `1 to ${info.words.toLocaleString('en')}; each word takes ${formatBytes(info.dim * 4)}`,
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= info.words ? undefined : `a whole number from 1 to ${info.words.toLocaleString('en')}`),
    });
    return typed === undefined ? undefined : Number(typed.trim());
  }

  private label(uri: vscode.Uri, info: SourceInfo, maxWords: number | undefined): string {
    let name = basename(uri);
    // "vectors.tsv" and Spark's part files say little: name the folder too
    if (info.format === 'projector-tsv' && /^vectors\.tsv$/i.test(name)) name = `${basename(vscode.Uri.joinPath(uri, '..'))}/${name}`;
    return maxWords ? `${name} (first ${maxWords.toLocaleString('en')} words)` : name;
  }
}

function referencedSource(src: VectorSource, uri: vscode.Uri, info: SourceInfo): ReferencedSource {
  switch (src.kind) {
    case 'spark': return { kind: 'spark', uri: vscode.Uri.file(src.path).toString() };
    case 'projector': return { kind: 'projector', uri: uri.toString(), metadataUri: vscode.Uri.file(src.metadataPath).toString(), labelColumn: info.labelColumn ?? 0, header: info.header ?? false };
    default: return { kind: 'vectors', uri: uri.toString(), format: info.format };
  }
}
