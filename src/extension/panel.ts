// The explorer panel (viewType embeddingLens.panel): Neighbours, Analogies, Similarity, Odd one out.
// Commands: embeddingLens.openPanel {word?, tab?}, embeddingLens.compareWord {word}, embeddingLens.findInFiles {word}.
// The panel survives a window reload through a WebviewPanelSerializer; the webview restores its own tab and
// inputs from getState().
import * as vscode from 'vscode';
import { PANEL_TABS, REQUESTED_TABS, type PanelTab, type ShowMessage } from '../protocol';
import type { ModelService } from './model-service';
import { answerCompareRequest, type CompareDeps } from './compare/compare-requests';
import { WebviewBridge, findInFiles, webviewLog, wordArg } from './webview-bridge';
import { renderWebviewHtml, webviewOptions } from './webview-html';

export const PANEL_VIEW_TYPE = 'embeddingLens.panel';
const TITLE = 'Embedding Lens';

const LATER_TABS: Record<string, string> = {
  compare: 'Comparing models is not available yet',
  map: 'The map view is not available yet',
  evaluate: 'The evaluation view is not available yet',
};

/** Turns openPanel/compareWord arguments into a `show` message. */
export function showMessageFor(arg: unknown): ShowMessage {
  const word = wordArg(arg);
  const rawTab = arg && typeof arg === 'object' ? (arg as { tab?: unknown }).tab : undefined;
  const msg: ShowMessage = { type: 'show' };
  if (word !== undefined) msg.word = word;
  if (typeof rawTab === 'string' && (REQUESTED_TABS as readonly string[]).includes(rawTab)) {
    if ((PANEL_TABS as readonly string[]).includes(rawTab)) {
      msg.tab = rawTab as PanelTab;
    } else {
      msg.tab = 'neighbours';
      msg.note = `${LATER_TABS[rawTab]}${word ? `; showing the neighbours of '${word}' in the active model.` : '.'}`;
    }
  } else if (word !== undefined) {
    msg.tab = 'neighbours';
  }
  return msg;
}

class PanelHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private bridge: WebviewBridge | undefined;
  private pending: ShowMessage | undefined;

  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly models: ModelService, private readonly extra?: Omit<CompareDeps, 'models'>) {
    if (extra) this.subscriptions.push(extra.compare.onDidChange((e) => { if (this.bridge?.isReady) this.bridge.post({ type: 'compare.changed', running: e.running }); }));
  }

  open(show: ShowMessage): void {
    this.pending = show.word !== undefined || show.tab !== undefined ? show : undefined;
    if (this.panel) {
      this.panel.reveal(undefined, false);
      this.flush();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, TITLE, vscode.ViewColumn.Active, webviewOptions(this.context.extensionUri));
    this.attach(panel);
  }

  /** Sets up a new or deserialised panel. */
  attach(panel: vscode.WebviewPanel): void {
    this.bridge?.dispose();
    this.panel = panel;
    panel.webview.options = webviewOptions(this.context.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'lens.svg');
    const extra = this.extra;
    const bridge = new WebviewBridge(panel.webview, this.models, webviewLog(this.context), {
      onReady: () => this.flush(),
      ...(extra ? { request: (msg) => answerCompareRequest(msg, { ...extra, models: this.models }) } : {}),
    });
    this.bridge = bridge;
    panel.onDidDispose(() => {
      bridge.dispose();
      if (this.panel === panel) { this.panel = undefined; this.bridge = undefined; }
    });
    panel.webview.html = renderWebviewHtml({ webview: panel.webview, extensionUri: this.context.extensionUri, entry: 'panel', title: TITLE });
  }

  private flush(): void {
    if (!this.pending || !this.bridge?.isReady) return;
    this.bridge.post(this.pending);
    this.pending = undefined;
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
    this.bridge?.dispose();
    this.panel?.dispose();
  }
}

/** `extra`: the compare service and evaluation files (Compare, Map and Evaluate tabs). */
export function registerPanel(context: vscode.ExtensionContext, models: ModelService, extra?: Omit<CompareDeps, 'models'>): void {
  const host = new PanelHost(context, models, extra);
  context.subscriptions.push(
    host,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
        host.attach(panel); // the webview restores its tab and inputs from getState()
      },
    }),
    vscode.commands.registerCommand('embeddingLens.openPanel', (arg?: unknown) => host.open(showMessageFor(arg))),
    vscode.commands.registerCommand('embeddingLens.compareWord', (arg?: unknown) => {
      const word = wordArg(arg);
      host.open(showMessageFor(word === undefined ? { tab: 'compare' } : { word, tab: 'compare' }));
    }),
    vscode.commands.registerCommand('embeddingLens.findInFiles', async (arg?: unknown) => {
      const word = wordArg(arg);
      if (word === undefined) {
        void vscode.window.showWarningMessage('Embedding Lens: no word to search for.');
        return;
      }
      await findInFiles(word);
    }),
  );
}
