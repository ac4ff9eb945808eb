// Connects one webview (sidebar view or panel) to the host: validates every incoming message,
// answers requests, maps the fixed action messages to fixed commands, and pushes model changes.
import * as vscode from 'vscode';
import { LIMITS, type HostMessage, type ModelSummary, type PanelTab, type ResponseMessage, type WebviewMessage } from '../protocol';
import { isInvalid, parseWebviewMessage } from './message-validation';
import type { ModelService } from './model-service';
import { answerRequest } from './webview-requests';
import { isHostRequest, type HostRequest } from './compare-request-types';

let channel: vscode.LogOutputChannel | undefined;
/** One output channel for both webviews' logs. */
export function webviewLog(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  if (!channel) {
    const created = vscode.window.createOutputChannel('Embedding Lens Webviews', { log: true });
    channel = created;
    context.subscriptions.push(created, { dispose: () => { if (channel === created) channel = undefined; } });
  }
  return channel;
}

/** workbench.action.findInFiles with the word as a literal, whole-word query. The host builds the arguments. */
export function findInFiles(word: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.findInFiles', {
    query: word, isRegex: false, matchWholeWord: true, triggerSearch: true,
  });
}

/** Reads `{ word }` (or a bare string) from command arguments; undefined when absent or unusable. */
export function wordArg(arg: unknown): string | undefined {
  const raw = typeof arg === 'string' ? arg : (arg && typeof arg === 'object' ? (arg as { word?: unknown }).word : undefined);
  if (typeof raw !== 'string') return undefined;
  const w = raw.trim();
  return w.length > 0 && w.length <= LIMITS.wordLength ? w : undefined;
}

function summary(info: ModelSummary): ModelSummary {
  const { id, label, kind, vocabSize, tokens, dim, trainedAt, files, source, learnedFrom } = info;
  return { id, label, kind, vocabSize, tokens, dim, trainedAt, files, source, ...(learnedFrom ? { learnedFrom } : {}) };
}

export interface BridgeActions {
  /** the webview asked to open the panel on a word (sidebar only) */
  openPanel?(word: string | undefined, tab: PanelTab | undefined): void;
  /** called after the webview said it is ready */
  onReady?(): void;
  /** answers the Compare / Map / Evaluate requests (panel only) */
  request?(msg: HostRequest): Promise<ResponseMessage>;
}

export class WebviewBridge implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly models: ModelService,
    private readonly log: vscode.LogOutputChannel,
    private readonly actions: BridgeActions = {},
  ) {
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => { void this.receive(raw); }),
      models.onDidChange(() => this.pushModel()),
    );
    if (models.onDidChangeTraining) this.disposables.push(models.onDidChangeTraining(() => this.pushModel()));
  }

  get isReady(): boolean { return this.ready; }

  post(message: HostMessage): void {
    void Promise.resolve(this.webview.postMessage(message)).then(undefined, (err) => this.log.warn(`postMessage failed: ${String(err)}`));
  }

  pushModel(): void {
    if (!this.ready) return;
    let training: { running: boolean; fraction?: number } = { running: false };
    try { training = this.models.trainingState(); } catch { /* older service */ }
    const info = this.models.activeInfo();
    this.post({ type: 'model.changed', info: info && summary(info), models: this.models.list().map(summary), training });
  }

  private async receive(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw, this.log);
    if (isInvalid(msg)) {
      if (msg.id !== undefined) this.post({ type: 'response', id: msg.id, ok: false, error: `Invalid request: ${msg.error}` });
      return;
    }
    try {
      await this.dispatch(msg);
    } catch (err) {
      this.log.error(`[webview] ${msg.type} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      if ('id' in msg) this.post({ type: 'response', id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private async dispatch(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready': {
        // Read the model index first (when the service offers it), so that the first model.changed is
        // accurate: no "no model yet" flash before the index has been read.
        const service = this.models as ModelService & { ready?: () => Promise<unknown> };
        if (typeof service.ready === 'function') await service.ready().catch(() => undefined);
        this.ready = true;
        this.pushModel();
        this.actions.onReady?.();
        return;
      }
      case 'models.select':
        if (!this.models.list().some((m) => m.id === msg.modelId)) {
          this.log.warn(`[webview] models.select: unknown model id ${JSON.stringify(msg.modelId.slice(0, 60))}`);
          return;
        }
        await this.models.setActive(msg.modelId);
        return;
      case 'word.findInFiles':
        await findInFiles(msg.word);
        return;
      case 'model.train':
        await vscode.commands.executeCommand('embeddingLens.train');
        return;
      case 'panel.open':
        this.actions.openPanel?.(msg.word, msg.tab);
        return;
      case 'compare.run':
        await vscode.commands.executeCommand('embeddingLens.compare');
        return;
      default: {
        if (isHostRequest(msg)) {
          this.post(this.actions.request ? await this.actions.request(msg) : { type: 'response', id: msg.id, ok: false, error: 'Not available in this view.' });
          return;
        }
        const emb = await this.models.embeddings();
        const loadError = emb ? undefined : this.models.lastLoadError?.();
        this.post(loadError ? { type: 'response', id: msg.id, ok: false, error: loadError } : answerRequest(emb, msg));
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
