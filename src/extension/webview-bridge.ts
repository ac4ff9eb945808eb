// The host's end of one webview's messages (WebviewBridge), and the helpers the views' commands share.
// The view's lifecycle (ready, pending messages, disposal) is webview-host.ts.
import * as vscode from 'vscode';
import { LIMITS, type FromView, type ToView, type ViewName, type WebviewMessage } from '../protocol';
import { isInvalid, parseWebviewMessage } from './message-validation';
import { modelSummary } from './model-store';
import type { ModelService } from './model-service';
import { answerRequest } from './webview-requests';
import { queriesFor } from '../engine/query-worker';
import type { QueryRequest } from './compare/compare-request-types';

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

/** The messages every view handles alike; the rest of a view's messages go to its own `handle`. */
type Shared = 'ready' | 'models.select' | 'word.findInFiles' | 'model.train';
/** The requests answered from the active model's vectors (webview-requests.ts), whichever view asks. */
const QUERIES = ['query.neighbours', 'query.analogy', 'query.similarity', 'query.oddOneOut', 'vocab.complete'] as const satisfies readonly QueryRequest['type'][];
/** What is left for the view's own handler: the sidebar's panel.open, the panel's Compare, Map and Evaluate. */
export type ViewOnly<V extends ViewName> = Exclude<FromView<V>, { type: Shared | QueryRequest['type'] }>;

export interface BridgeHandlers<V extends ViewName> {
  /** called after the webview said it is ready (and the first model.changed went out) */
  onReady?(): void;
  /** the view's own messages; a request must be answered with a `response` through `post` */
  handle?(msg: ViewOnly<V>, post: (m: ToView<V>) => void): Promise<void> | void;
}

/**
 * Connects one webview to the host: validates every incoming message against the view's part of the protocol,
 * answers the queries, maps the fixed action messages to fixed commands, hands the view's own messages to its
 * handler, and pushes model changes once the view is ready.
 */
export class WebviewBridge<V extends ViewName> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;

  constructor(
    private readonly view: V,
    private readonly webview: vscode.Webview,
    private readonly models: ModelService,
    private readonly log: vscode.LogOutputChannel,
    private readonly handlers: BridgeHandlers<V> = {},
  ) {
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => { void this.receive(raw); }),
      models.onDidChange(() => this.pushModel()),
      models.onDidChangeTraining(() => this.pushModel()),
    );
  }

  get isReady(): boolean { return this.ready; }

  post(message: ToView<V>): void {
    void Promise.resolve(this.webview.postMessage(message)).then(undefined, (err) => this.log.warn(`postMessage failed: ${String(err)}`));
  }

  pushModel(): void {
    if (!this.ready) return;
    const info = this.models.activeInfo();
    this.post({ type: 'model.changed', info: info && modelSummary(info), models: this.models.list().map(modelSummary), training: this.models.trainingState() });
  }

  private async receive(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw, this.log, this.view);
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

  private async dispatch(msg: FromView<V>): Promise<void> {
    const m = msg as WebviewMessage; // FromView<V> is a subset of WebviewMessage; narrowing a generic union needs the concrete one
    switch (m.type) {
      case 'ready':
        // Read the model index first, so that the first model.changed is accurate: no "no model yet" flash
        // before the index has been read.
        await this.models.ready().catch(() => undefined);
        this.ready = true;
        this.pushModel();
        this.handlers.onReady?.();
        return;
      case 'models.select':
        if (!this.models.list().some((x) => x.id === m.modelId)) {
          this.log.warn(`[webview] models.select: unknown model id ${JSON.stringify(m.modelId.slice(0, 60))}`);
          return;
        }
        await this.models.setActive(m.modelId);
        return;
      case 'word.findInFiles':
        await findInFiles(m.word);
        return;
      case 'model.train':
        await vscode.commands.executeCommand('embeddingLens.train');
        return;
    }
    if (isQuery(m)) {
      const emb = await this.models.embeddings();
      const loadError = emb ? undefined : this.models.lastLoadError();
      this.post(loadError ? { type: 'response', id: m.id, ok: false, error: loadError } : await answerRequest(emb, m, emb && queriesFor(emb)));
      return;
    }
    const own = msg as ViewOnly<V>;
    if (this.handlers.handle) { await this.handlers.handle(own, (x) => this.post(x)); return; }
    if ('id' in own) this.post({ type: 'response', id: (own as { id: number }).id, ok: false, error: 'Not available in this view.' });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function isQuery(m: WebviewMessage): m is QueryRequest {
  return (QUERIES as readonly string[]).includes(m.type);
}
